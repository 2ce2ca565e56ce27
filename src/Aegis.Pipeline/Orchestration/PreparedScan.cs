using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Orchestration;

/// <summary>PrepareScan's result: the model checked and described, the dataset and parameters resolved, or the error that ends the scan.</summary>
public sealed record PreparedScan
{
    public required string ScanId { get; init; }
    public required BlobRef Source { get; init; }
    public required string Dataset { get; init; }
    public required ScanParameters Parameters { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public ModelInfo? Model { get; init; }
    public DatasetInfo? DatasetInfo { get; init; }
    public RobustnessReport? Robustness { get; init; }
    public double RobustnessSeconds { get; init; }
    public IReadOnlyList<int> Classes { get; init; } = [];
    public ScanError? Error { get; init; }
    /// <summary>Why the verdict is advisory (the scan's parameters are not the server's policy); null when it may promote.</summary>
    public string? AdvisoryReason { get; init; }

    /// <summary>
    /// The detector the pre-check chose, as the local scan chooses it (<see cref="Detectors.Choose"/>):
    /// AEGIS on a robust model, Neural Cleanse otherwise (auto); null when none applies (the verdict is
    /// then not-applicable). A method, so a scan whose parameters were refused never evaluates it.
    /// </summary>
    public string? ChosenDetector() => Detectors.Choose(Parameters.Detector, Robustness);
}
