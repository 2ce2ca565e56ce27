using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// The parts every worker job shares — scan id, model blob version, dataset, parameters — checked as
/// a worker receives them: a body is untrusted even with a valid grant (the scan id becomes a blob
/// name, the model and dataset are fetched).
/// </summary>
internal static class JobInput
{
    /// <returns>What is wrong, or null. The model must be in <paramref name="modelsContainer"/>.</returns>
    public static string? Problem(string? scanId, BlobRef? model, string? dataset, ScanParameters? parameters, string modelsContainer)
    {
        if (scanId is null || !ScanIds.IsScanId(scanId))
            return "scanId is not a scan id.";
        if (model is null || model.Container != modelsContainer)
            return $"model must be a blob in the {modelsContainer} container.";
        if (BlobNameValidator.Problem(model.Name) is { } name)
            return $"model.name: {name}.";
        if (!ScanIds.IsETag(model.ETag))
            return "model.eTag is not an ETag.";
        if (BlobNameValidator.Problem(dataset) is { } datasetProblem)
            return $"dataset: {datasetProblem}.";
        if (parameters is null)
            return "parameters are missing.";
        return parameters.Validate() is { Count: > 0 } problems ? string.Join(" ", problems) : null;
    }
}
