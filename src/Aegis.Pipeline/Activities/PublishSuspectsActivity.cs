using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Alerts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// After the trace job: a trace that failed leaves its error in suspects.json (no suspects; the verdict
/// is not touched), so the blob the alert points to always exists; then Aegis.Scan.SuspectsTraced goes out.
/// </summary>
public sealed class PublishSuspectsActivity(ScanStorage storage, AlertPublisher alerts) : ScanActivity<SuspectsRequest, TracedSuspects>
{
    protected override async Task<TracedSuspects> ExecuteAsync(TaskActivityContext context, SuspectsRequest input, CancellationToken cancellationToken)
    {
        var verdict = input.Verdict;
        string path = WorkPaths.Suspects(verdict.ModelName, verdict.ScanId);
        var error = input.Trace.Error ?? (input.Trace.Succeeded ? null : new ScanError(ErrorCodes.Internal, $"The trace job ended {input.Trace.Status}."));
        if (error is not null)
        {
            var failed = new TraceReport
            {
                Model = verdict.ModelName,
                ModelSha256 = verdict.ModelSha256 ?? "",
                Verdict = verdict.Verdict,
                Data = $"{storage.Datasets.Name}/{input.Dataset}",
                Message = "The trace failed; the verdict stands.",
                Error = error,
            };
            await storage.Verdicts.GetBlobClient(path).UploadAsync(BinaryData.FromString(SuspectsFiles.Json(failed)), overwrite: true, cancellationToken);
        }
        var counts = input.Trace.Trace;
        var traced = new TracedSuspects
        {
            ScanId = verdict.ScanId,
            ModelName = verdict.ModelName,
            SuspectsBlob = $"{storage.Verdicts.Name}/{path}",
            SuspectsUrl = storage.Verdicts.GetBlobClient(path).Uri.ToString(),
            ModelSha256 = verdict.ModelSha256,
            Classes = counts?.Classes ?? [],
            Samples = counts?.Samples ?? 0,
            Suspected = counts?.Suspected ?? 0,
            Error = error,
            Advisory = verdict.Advisory,
        };
        await alerts.PublishSuspectsAsync(traced, cancellationToken);
        return traced;
    }
}
