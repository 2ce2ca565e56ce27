using Aegis.Core.IO;
using Aegis.Functions.Api;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Storage;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Aegis.Functions.Triggers;

/// <summary>
/// A model blob created in the models container (delivered by Event Grid to the blob extension's
/// webhook) starts the scan of that blob version, once: the instance id is the hash of
/// container/name/ETag that <c>aegis serve</c> uses too.
/// </summary>
public sealed class ModelBlobTrigger(ScanClients scans, ILogger<ModelBlobTrigger> logger)
{
    public const string FunctionName = "ModelBlobCreated";
    /// <summary>The trigger's container, fixed in functions.metadata (Aegis__Containers__Models must agree).</summary>
    public const string Container = "models";

    [Function(FunctionName)]
    public async Task RunAsync(
        [BlobTrigger(Container + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await StartAsync(blob, client, cancellationToken);

    /// <summary>Starts (or finds) the scan of the blob's current version; sidecars, bad names and deleted blobs start nothing.</summary>
    public async Task<string?> StartAsync(BlobClient blob, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (ScanManifest.IsManifest(blob.Name) || BlobNameValidator.Problem(blob.Name) is not null)
        {
            logger.LogInformation("Blob {Blob} is not a model; no scan", blob.Name);
            return null;
        }
        string etag;
        try
        {
            // The version there now: an older one overwritten before this delivery can no longer be read.
            etag = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            logger.LogInformation("Blob {Blob} was deleted before its scan started", blob.Name);
            return null;
        }
        var started = await scans.Starter(client).StartAsync(new BlobRef(blob.BlobContainerName, blob.Name, etag), "blob-trigger", cancellationToken: cancellationToken);
        logger.LogInformation("Blob {Blob}: scan {ScanId} ({New})", blob.Name, started.InstanceId, started.Created ? "new" : "already known");
        return started.InstanceId;
    }
}
