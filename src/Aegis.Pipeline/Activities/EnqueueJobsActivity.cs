using Aegis.Pipeline.Jobs;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// Puts a batch of jobs on the job queue for any worker, except those whose result is already written
/// (an earlier run of the scan finished them); returns how many those were, and the scan reads their
/// outcomes as it reads any other. Running it twice only enqueues a job twice; the second worker to
/// finish it overwrites the same blobs.
/// </summary>
public sealed class EnqueueJobsActivity(JobQueues queues, JobResults results) : ScanActivity<JobBatch, int>
{
    protected override async Task<int> ExecuteAsync(TaskActivityContext context, JobBatch input, CancellationToken cancellationToken)
    {
        await queues.EnsureAsync(cancellationToken);
        int done = 0;
        foreach (var job in input.Jobs())
        {
            if (await results.ReadOutcomeAsync(job.ScanId, job.Name, cancellationToken) is not null)
                done++;
            else
                await queues.Jobs.SendMessageAsync(job.ToMessage(), cancellationToken);
        }
        return done;
    }
}
