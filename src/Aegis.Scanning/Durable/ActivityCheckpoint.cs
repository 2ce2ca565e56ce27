namespace Aegis.Scanning.Durable;

/// <summary>
/// The stored result of one finished activity: its output, or the failure it ended with (so a
/// resumed orchestration sees the same failure, as Durable's history replays it).
/// </summary>
public sealed record ActivityCheckpoint
{
    public required string Activity { get; init; }
    public string? OutputJson { get; init; }
    public string? ErrorType { get; init; }
    /// <summary>Verdict error code when the activity rejected its input (<see cref="ScanInputException"/>).</summary>
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public int Attempts { get; init; }
    public double Seconds { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}
