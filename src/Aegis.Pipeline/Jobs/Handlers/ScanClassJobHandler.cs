using System.Diagnostics;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Telemetry;
using Aegis.Scanner;

namespace Aegis.Pipeline.Jobs.Handlers;

/// <summary>
/// Algorithm 1 for one class and run, as the command line runs it (Core's <c>ClassScan</c>): features in
/// the model's sandbox (kept open for the model's next classes), t-SNE, mean shift and the trigger
/// check's scoring here; the features and the analysis go to the job's blobs.
/// </summary>
public sealed class ScanClassJobHandler(ModelScanPool pool, JobResults results, AegisSettings settings) : IJobHandler
{
    public string Kind => JobKinds.ScanClass;

    public async Task<JobOutcome> RunAsync(ScanJob job, ScanTarget target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var scanned = await pool.ScanClassAsync(target, job.RunParameters, job.Label!.Value, progress: null, cancellationToken);
        await results.WriteClassAsync(job, scanned, cancellationToken);
        ScanTelemetry.RecordClassDone();
        return new JobOutcome { Job = job.Name, Status = JobStatus.Succeeded, Worker = settings.WorkerId, Seconds = clock.Elapsed.TotalSeconds };
    }
}
