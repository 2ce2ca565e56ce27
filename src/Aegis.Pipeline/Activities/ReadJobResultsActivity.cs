using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// Outcomes already written among a scan's pending jobs, at most <see cref="JobQuery.Limit"/> of them:
/// the waiting scan's own look, for jobs an earlier run finished and completions whose note never arrived.
/// </summary>
public sealed class ReadJobResultsActivity(JobResults results) : ScanActivity<JobQuery, IReadOnlyList<JobOutcome>>
{
    protected override async Task<IReadOnlyList<JobOutcome>> ExecuteAsync(TaskActivityContext context, JobQuery input, CancellationToken cancellationToken)
    {
        var found = new List<JobOutcome>();
        var names = input.Batch.Names();
        foreach (int index in ClassRanges.Parse(input.Pending).Where(i => i < names.Count))
        {
            if (found.Count >= input.Limit)
                break;
            if (await results.ReadOutcomeAsync(input.Batch.ScanId, names[index], cancellationToken) is { } outcome)
                found.Add(outcome);
        }
        return found;
    }
}
