using System.Collections.Concurrent;
using Aegis.Core.IO;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Storage;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Aegis.Core.Text;

namespace Aegis.Pipeline.Trigger;

/// <summary>
/// The blob trigger by polling (Azurite raises no Event Grid events): every model blob version
/// the engine has no scan for gets one started. Sidecars (*.aegis.json) are not models, nor are
/// names the storage SDK would resolve elsewhere ("..", "." segments…). Versions
/// already seen are remembered in memory, so a steady poll costs one listing. A blob whose scan
/// cannot be started is reported and tried again on the next poll; it never stops the others.
/// </summary>
public sealed class BlobPollTrigger(ScanStorage storage, ScanStarter starter, ILogger<BlobPollTrigger> logger)
{
    private readonly ConcurrentDictionary<string, bool> _known = new();

    /// <returns>Scans started by this poll.</returns>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        int started = 0;
        await foreach (var blob in storage.Models.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (ScanManifest.IsManifest(blob.Name) || blob.Properties.ETag is not { } etag)
                continue;
            if (BlobNameValidator.Problem(blob.Name) is { } problem)
            {
                if (_known.TryAdd(blob.Name, false))
                    logger.LogWarning("Not scanning blob {Blob}: {Problem}", UntrustedText.Quote(blob.Name), problem);
                continue;
            }
            var model = new BlobRef(storage.Models.Name, blob.Name, ScanIds.NormalizeETag(etag.ToString()));
            string id = ScanIds.For(model);
            if (_known.ContainsKey(id))
                continue;
            try
            {
                if ((await starter.StartAsync(model, "poll", cancellationToken: cancellationToken)).Created)
                    started++;
                _known[id] = true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not start the scan of {Model}: {Message}; trying again on the next poll", model, e.Message);
            }
        }
        return started;
    }

    /// <summary>
    /// Polls until cancelled. A listing that fails (storage down, or a blob name the storage's own
    /// XML cannot carry) is reported when it starts failing and when it works again, and retried
    /// every interval in between (once per streak, not once per poll: the storage's messages carry
    /// a request id and time, so no two are alike); nothing but cancellation ends the loop.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        int failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(cancellationToken);
                if (failures > 0)
                    logger.LogInformation("Listing {Container} works again after {Failures} failed polls", storage.Models.Name, failures);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (++failures == 1)
                    logger.LogError(e, "Listing {Container} failed, so no new model is scanned until it works; trying again every {Interval}", storage.Models.Name, interval);
            }
            try { await Task.Delay(interval, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
