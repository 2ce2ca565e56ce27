using Aegis.Pipeline.Activities;

namespace Aegis.Pipeline.Orchestration;

/// <summary>What the failed runs of a scan finished, carried into the next run so nothing finished is redone.</summary>
public sealed record EarlierRuns
{
    /// <summary>Runs that ended in a transient failure.</summary>
    public int Count { get; init; }
    public string? LastFailure { get; init; }
    public PreparedScan? Prepared { get; init; }
    /// <summary>Classes translated, embedded and clustered.</summary>
    public IReadOnlyList<ClassResult> Classes { get; init; } = [];
    /// <summary>Neural Cleanse's reversed triggers, for a model that is not robust.</summary>
    public CleanseResult? Cleansed { get; init; }
    /// <summary>The verdict, once written: never recomputed, never overwritten.</summary>
    public ScanSummary? Verdict { get; init; }
    public bool Alerted { get; init; }
}
