using System.Diagnostics;
using Aegis.Pipeline.Configuration;
using Aegis.Scanner;

namespace Aegis.Pipeline.Jobs.Handlers;

/// <summary>Neural Cleanse's model-side work: every listed class's trigger reversed in the model's sandbox, written to the job's blob for WriteVerdict to judge.</summary>
public sealed class ReverseTriggersJobHandler(ModelScanPool pool, JobResults results, AegisSettings settings) : IJobHandler
{
    public string Kind => JobKinds.ReverseTriggers;

    public async Task<JobOutcome> RunAsync(ScanJob job, ScanTarget target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (triggers, reference, shape, allToAll) = await pool.ReverseTriggersAsync(target, job.Parameters, job.Classes!, progress: null, cancellationToken);
        await results.WriteTriggersAsync(job, new ReversedTriggerSet(triggers, reference?.TrainingFingerprint, shape, allToAll), cancellationToken);
        return new JobOutcome { Job = job.Name, Status = JobStatus.Succeeded, Worker = settings.WorkerId, Seconds = clock.Elapsed.TotalSeconds };
    }
}
