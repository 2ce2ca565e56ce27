using Aegis.Scanning.Activities;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace Aegis.Scanning.Trigger;

/// <summary>
/// The blob trigger by polling (Azurite raises no Event Grid events): every model blob version
/// without a receipt gets its scan started or resumed. Sidecars (*.aegis.json) are not models.
/// </summary>
public sealed class BlobPollTrigger(ScanStorage storage, ScanCoordinator coordinator, ILogger logger)
{
    /// <returns>Blob versions found without a receipt.</returns>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        int pending = 0;
        await foreach (var blob in storage.Models.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (ScanManifest.IsManifest(blob.Name) || blob.Properties.ETag is not { } etag)
                continue;
            var model = new BlobRef(storage.Models.Name, blob.Name, ScanIds.NormalizeETag(etag.ToString()));
            if (await ScanStorage.ExistsAsync(storage.Work, WorkPaths.Receipt(model), cancellationToken))
                continue;
            pending++;
            string id = ScanIds.For(model);
            var status = await coordinator.Runner.GetStatusAsync(id, cancellationToken);
            if (status is null)
                await coordinator.StartAsync(new ScanInput { Model = model, RequestedAt = DateTimeOffset.UtcNow, Trigger = "poll" }, cancellationToken);
            else if (status.IsFinished)
                await coordinator.WriteReceiptAsync(status, cancellationToken);
            else
                coordinator.Schedule(id);
        }
        return pending;
    }

    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Polling {Container} failed; trying again in {Interval}", storage.Models.Name, interval);
            }
            try { await Task.Delay(interval, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
