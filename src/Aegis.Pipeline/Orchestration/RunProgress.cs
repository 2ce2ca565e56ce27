namespace Aegis.Pipeline.Orchestration;

/// <summary>The scan orchestration's custom status: the stage, the run, and the state of every class.</summary>
public sealed record RunProgress
{
    public required string Stage { get; init; }
    /// <summary>1 for the first run; more after transient failures (see <see cref="RunPolicy"/>).</summary>
    public int Run { get; init; } = 1;
    public IReadOnlyList<ClassProgress> Classes { get; init; } = [];
    public string? LastFailure { get; init; }
}
