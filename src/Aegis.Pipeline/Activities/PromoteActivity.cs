using Aegis.Core.Verdicts;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// Promote: copies (or moves) a clean model to approved/ and a backdoored one to quarantine/,
/// by the configured promotion mode. Error, not-applicable and advisory verdicts (parameters not the
/// server's policy) leave the model where it is.
/// Safe to rerun: a finished copy is not repeated and a move deletes only the scanned version.
/// </summary>
public sealed class PromoteActivity(ScanStorage storage) : ScanActivity<PromoteRequest, PromotionResult>
{
    protected override async Task<PromotionResult> ExecuteAsync(TaskActivityContext context, PromoteRequest input, CancellationToken cancellationToken)
    {
        var mode = storage.Settings.Promotion;
        var target = input.Summary.Verdict switch
        {
            VerdictKinds.Clean => storage.Approved,
            VerdictKinds.Backdoored => storage.Quarantine,
            _ => null,
        };
        if (mode == PromotionMode.None || target is null || input.Summary.Advisory)
            return new PromotionResult(null);

        var source = storage.Container(input.Source.Container).GetBlobClient(input.Source.Name);
        var destination = target.GetBlobClient(input.Source.Name);
        var sourceVersion = new BlobRequestConditions { IfMatch = new ETag($"\"{input.Source.ETag}\"") };
        try
        {
            var copy = await destination.StartCopyFromUriAsync(source.Uri, new BlobCopyFromUriOptions { SourceConditions = sourceVersion }, cancellationToken);
            await copy.WaitForCompletionAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // The source is gone or replaced: fine when an earlier run of this activity already copied it.
            if (!await ScanStorage.ExistsAsync(target, input.Source.Name, cancellationToken))
                throw;
        }
        if (mode == PromotionMode.Move)
        {
            try
            {
                await source.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, sourceVersion, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // A newer version was uploaded meanwhile: it is a different model with its own scan, keep it.
            }
        }
        return new PromotionResult($"{target.Name}/{input.Source.Name}");
    }
}
