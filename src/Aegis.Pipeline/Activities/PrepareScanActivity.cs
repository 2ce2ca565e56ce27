using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Policy;
using Aegis.Pipeline.Storage;
using Azure;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// PrepareScan: resolve dataset (API input, sidecar, blob metadata, default) and parameters (the
/// server's policy unless the API caller or the sidecar overrides it, which makes the verdict
/// advisory), cache model and dataset locally, and have the inspector load, validate and pre-check
/// the model. An unusable input becomes <see cref="PreparedScan.Error"/>, not an exception;
/// storage failures throw and are retried.
/// </summary>
public sealed class PrepareScanActivity(ScanStorage storage, BlobCache cache, ManifestReader manifests, IModelInspector inspector)
    : ScanActivity<ScanRequest, PreparedScan>
{
    protected override async Task<PreparedScan> ExecuteAsync(TaskActivityContext context, ScanRequest input, CancellationToken cancellationToken)
    {
        var settings = storage.Settings;
        var scan = new PreparedScan
        {
            ScanId = context.InstanceId,
            Source = input.Model,
            Dataset = input.Dataset ?? settings.DefaultDataset,
            Parameters = input.Parameters ?? settings.Scan,
            RequestedAt = input.RequestedAt,
            AdvisoryReason = ScanPolicy.Resolve(settings.Scan, input.Parameters, null, "").AdvisoryReason,
        };
        try
        {
            var manifest = await manifests.ReadAsync(input.Model, cancellationToken);
            string dataset = input.Dataset ?? manifest?.Dataset ?? await MetadataDatasetAsync(input.Model, cancellationToken) ?? settings.DefaultDataset;
            var policy = ScanPolicy.Resolve(settings.Scan, input.Parameters, manifest?.Parameters, $"{input.Model.Container}/{ManifestReader.NameFor(input.Model)}");
            scan = scan with { Dataset = dataset, Parameters = policy.Parameters, AdvisoryReason = policy.AdvisoryReason };
            scan.Parameters.EnsureValid();

            string modelPath = await cache.GetModelAsync(input.Model, cancellationToken);
            string datasetDirectory = await cache.GetDatasetAsync(dataset, cancellationToken);
            var inspection = await inspector.InspectAsync(
                new ModelInspectionRequest(modelPath, input.Model.Name, datasetDirectory, dataset, scan.Parameters) { Source = input.Model }, cancellationToken);

            var classes = scan.Parameters.Classes ?? Enumerable.Range(0, inspection.ClassCount).ToArray();
            if (classes.Count == 0 || classes.Any(c => c < 0 || c >= inspection.ClassCount))
                throw new ScanInputException(ErrorCodes.DatasetMismatch, $"Parameter classes [{string.Join(", ", classes)}] must name labels of a model with {inspection.ClassCount} classes.");
            return scan with
            {
                Model = inspection.Model,
                DatasetInfo = inspection.Dataset,
                Robustness = inspection.Robustness,
                RobustnessSeconds = inspection.RobustnessSeconds,
                Classes = classes.Distinct().Order().ToArray(),
            };
        }
        catch (ScanInputException e)
        {
            return scan with { Error = new ScanError(e.Code, e.Message) };
        }
        catch (ScanFailureException e)
        {
            return scan with { Error = new ScanError(e.Code, e.Message) };
        }
    }

    private async Task<string?> MetadataDatasetAsync(BlobRef model, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await storage.Container(model.Container).GetBlobClient(model.Name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.Metadata.TryGetValue(ScanManifest.DatasetMetadataKey, out var dataset) && !string.IsNullOrWhiteSpace(dataset) ? dataset : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new ScanInputException(ErrorCodes.ModelNotFound, $"Model blob {model.Container}/{model.Name} does not exist.", e);
        }
    }
}
