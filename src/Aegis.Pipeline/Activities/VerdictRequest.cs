using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Activities;

/// <summary>Everything WriteVerdict turns into the verdict blob; <see cref="Error"/> set means an error verdict.</summary>
public sealed record VerdictRequest
{
    public required PreparedScan Scan { get; init; }
    public IReadOnlyList<FeaturesRef> Features { get; init; } = [];
    public IReadOnlyList<ClassAnalysis> Analyses { get; init; } = [];
    public Decision? Decision { get; init; }
    /// <summary>Neural Cleanse's triggers, when it was the detector; WriteVerdict judges them.</summary>
    public CleanseResult? Cleanse { get; init; }
    public ScanError? Error { get; init; }
}
