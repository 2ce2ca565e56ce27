using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// What WriteVerdict turns into the verdict blob: the prepared scan, and the error that ended it if one
/// did (its own, or a job's). Everything else — the decision, the classes' analyses and features,
/// Neural Cleanse's triggers — WriteVerdict reads from the scan's blobs.
/// </summary>
public sealed record VerdictRequest(PreparedScan Scan)
{
    public ScanError? Error { get; init; }
    /// <summary>The run that writes the verdict (1 for the first).</summary>
    public int Run { get; init; } = 1;
    public double NeuralCleanseSeconds { get; init; }
}
