using System.Diagnostics;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Aegis.Scanner;
using Aegis.Scanner.Tracing;

namespace Aegis.Pipeline.Jobs.Handlers;

/// <summary>
/// The trace after a backdoored verdict, as `aegis trace` runs it (<see cref="SampleTrace"/>): the verdict
/// blob names the flagged classes and their triggers, the model runs in its sandbox on the scan's dataset,
/// and suspects.csv then suspects.json go beside the verdict (each blob written whole; the json last,
/// so its presence means the trace is done).
/// </summary>
public sealed class TraceJobHandler(ModelScanPool pool, ScanStorage storage, AegisSettings settings) : IJobHandler
{
    public string Kind => JobKinds.Trace;

    public async Task<JobOutcome> RunAsync(ScanJob job, ScanTarget target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? json = await ScanStorage.ReadTextAsync(storage.Verdicts, WorkPaths.Verdict(job.Model.Name, job.ScanId), cancellationToken);
        if (json is null)
            throw new ScanFailureException(ErrorCodes.Internal, $"Scan {job.ScanId} has no verdict blob to trace.");
        var request = new SampleTraceRequest
        {
            Verdict = VerdictJson.Deserialize(json),
            DataDirectory = target.DatasetDirectory,
            DataSource = target.DatasetSource,
            Parameters = job.Parameters,
        };
        var training = SampleTrace.ReadTraining(request.DataDirectory, request.DataSource);
        var report = await pool.TraceAsync(target, training, request, cancellationToken);
        await storage.Verdicts.GetBlobClient(WorkPaths.SuspectsCsv(job.Model.Name, job.ScanId))
            .UploadAsync(BinaryData.FromString(SuspectsFiles.Csv(report)), overwrite: true, cancellationToken);
        await storage.Verdicts.GetBlobClient(WorkPaths.Suspects(job.Model.Name, job.ScanId))
            .UploadAsync(BinaryData.FromString(SuspectsFiles.Json(report)), overwrite: true, cancellationToken);
        return new JobOutcome
        {
            Job = job.Name,
            Status = JobStatus.Succeeded,
            Worker = settings.WorkerId,
            Seconds = clock.Elapsed.TotalSeconds,
            Trace = new TraceCounts(report.Suspects.Count, report.Suspects.Count(s => s.Suspected), report.Classes.Select(c => c.Label).ToArray()),
        };
    }
}
