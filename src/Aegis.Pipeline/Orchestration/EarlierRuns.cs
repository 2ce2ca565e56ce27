namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// What the failed runs of a scan finished, carried into the next run so nothing finished is redone.
/// Jobs are not listed: their results are blobs named by scan and job, and the next run finds them
/// when it enqueues (<see cref="Activities.EnqueueJobsActivity"/>), so the carry-over stays small.
/// </summary>
public sealed record EarlierRuns
{
    /// <summary>Runs that ended in a transient failure.</summary>
    public int Count { get; init; }
    public string? LastFailure { get; init; }
    public PreparedScan? Prepared { get; init; }
    /// <summary>The verdict, once written: never recomputed, never overwritten.</summary>
    public ScanSummary? Verdict { get; init; }
    public bool Alerted { get; init; }
    /// <summary>The trace after a backdoored verdict ran and its alert went out (<see cref="ScanSummary.Suspects"/> says how it ended).</summary>
    public bool Traced { get; init; }
}
