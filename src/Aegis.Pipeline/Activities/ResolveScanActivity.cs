using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Policy;
using Aegis.Pipeline.Storage;
using Azure;
using Microsoft.DurableTask;
using Aegis.Core.Text;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// ResolveScan, PrepareScan's first half: the dataset (the API's, the sidecar's, the blob's metadata, the
/// default) and the parameters (the server's policy unless the API caller or the sidecar overrides it,
/// which makes the verdict advisory). Nothing is downloaded: the worker that inspects the model fetches
/// the model and the dataset itself. An unusable input becomes <see cref="PreparedScan.Error"/>; a
/// storage failure throws and is retried.
/// </summary>
public sealed class ResolveScanActivity(ScanStorage storage, ManifestReader manifests) : ScanActivity<ScanRequest, PreparedScan>
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
            Trigger = input.Trigger,
            AdvisoryReason = ScanPolicy.Resolve(settings.Scan, input.Parameters, null, "").AdvisoryReason,
            TraceSuspects = settings.TraceSuspects,
        };
        try
        {
            var manifest = await manifests.ReadAsync(input.Model, cancellationToken);
            string dataset = input.Dataset ?? manifest?.Dataset ?? await MetadataDatasetAsync(input.Model, cancellationToken) ?? settings.DefaultDataset;
            var policy = ScanPolicy.Resolve(settings.Scan, input.Parameters, manifest?.Parameters, $"{input.Model.Container}/{ManifestReader.NameFor(input.Model)}");
            scan = scan with { Dataset = dataset, Parameters = policy.Parameters, AdvisoryReason = policy.AdvisoryReason };
            if (BlobNameValidator.Problem(dataset) is { } problem)
                throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"'{UntrustedText.Quote(dataset)}' is not a dataset name (a folder under the {storage.Datasets.Name} container): {problem}.");
            scan.Parameters.EnsureValid();
            if (PipelineDetectors.Problem(scan.Parameters) is { } unsupported)
                throw new ScanFailureException(ErrorCodes.InvalidParameters, "Invalid scan parameters: " + unsupported);
            return scan;
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
            throw new ScanFailureException(ErrorCodes.ModelNotFound, $"Model blob {model.Container}/{model.Name} does not exist.", e);
        }
    }
}
