using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// PrepareScan's model part, implemented by the scan assembly (Aegis.Scanner) in the model's sandbox:
/// load and validate the model against the dataset, fingerprint it, run the robustness pre-check
/// and the honest-features check. Throws
/// <see cref="ScanInputException"/> for an unusable model or dataset.
/// </summary>
public interface IModelInspector
{
    Task<ModelInspection> InspectAsync(ModelInspectionRequest request, CancellationToken cancellationToken);
}

public sealed record ModelInspectionRequest(string ModelPath, string ModelName, string DatasetDirectory, string DatasetName, ScanParameters Parameters)
{
    /// <summary>The model blob the local copy came from, for an inspector that runs elsewhere (a worker) and fetches it itself.</summary>
    public BlobRef? Source { get; init; }
}

public sealed record ModelInspection(ModelInfo Model, DatasetInfo Dataset, RobustnessReport? Robustness, int ClassCount, double RobustnessSeconds);
