using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Telemetry;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// The verdict blob verdicts/&lt;name&gt;/&lt;scanId&gt;.json: its name depends only on model and
/// scan id, so a rerun of WriteVerdict overwrites the same blob, and the poison path can create
/// it only where no verdict exists yet.
/// </summary>
public sealed class VerdictBlobs(ScanStorage storage)
{
    public async Task<ScanSummary> WriteAsync(string scanId, string modelName, ScanVerdict verdict, CancellationToken cancellationToken)
    {
        var blob = storage.Verdicts.GetBlobClient(WorkPaths.Verdict(modelName, scanId));
        await blob.UploadAsync(BinaryData.FromString(VerdictJson.Serialize(verdict)), overwrite: true, cancellationToken);
        ScanTelemetry.RecordScan(verdict.Verdict, verdict.TimingsSeconds.Total);
        return Summarise(scanId, modelName, verdict);
    }

    /// <summary>Writes the verdict unless one exists; returns the summary of whichever verdict the blob holds.</summary>
    public async Task<ScanSummary> CreateAsync(string scanId, string modelName, ScanVerdict verdict, CancellationToken cancellationToken)
    {
        var blob = storage.Verdicts.GetBlobClient(WorkPaths.Verdict(modelName, scanId));
        try
        {
            await blob.UploadAsync(BinaryData.FromString(VerdictJson.Serialize(verdict)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            ScanTelemetry.RecordScan(verdict.Verdict, verdict.TimingsSeconds.Total);
            return Summarise(scanId, modelName, verdict);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var existing = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            return Summarise(scanId, modelName, VerdictJson.Deserialize(existing));
        }
    }

    private ScanSummary Summarise(string scanId, string modelName, ScanVerdict verdict)
    {
        string path = WorkPaths.Verdict(modelName, scanId);
        return new ScanSummary
        {
            ScanId = scanId,
            ModelName = modelName,
            Verdict = verdict.Verdict,
            SuspiciousClasses = verdict.SuspiciousClasses,
            VerdictBlob = $"{storage.Verdicts.Name}/{path}",
            VerdictUrl = storage.Verdicts.GetBlobClient(path).Uri.ToString(),
            ModelSha256 = verdict.Model?.Sha256,
            Error = verdict.Error,
            Advisory = verdict.Advisory,
            AdvisoryReason = verdict.AdvisoryReason,
        };
    }
}
