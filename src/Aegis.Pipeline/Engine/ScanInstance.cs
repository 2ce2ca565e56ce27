using Aegis.Pipeline.Orchestration;

namespace Aegis.Pipeline.Engine;

/// <summary>A scan orchestration instance as the engine stores it.</summary>
public sealed record ScanInstance
{
    public required string Id { get; init; }
    /// <summary>The engine's runtime status: Pending, Running, Completed, Failed, Terminated…</summary>
    public required string RuntimeStatus { get; init; }
    public ScanRequest? Request { get; init; }
    /// <summary>The orchestration's custom status.</summary>
    public RunProgress? Progress { get; init; }
    /// <summary>The orchestration's output, once completed.</summary>
    public ScanSummary? Summary { get; init; }
    /// <summary>Why the orchestration itself failed (not a failed scan: that is an error verdict).</summary>
    public string? Failure { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }

    public bool IsCompleted => RuntimeStatus == Completed;

    public const string Completed = "Completed";
}
