using Aegis.Core.Detection;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// DecideVerdict: step 5 — the decision rule over all classes (Core's <see cref="DecisionRule"/>), once
/// per run and then by majority over the runs (<see cref="RunMajority"/>), as <c>aegis scan --runs</c>
/// decides. The classes' analyses are read from their jobs' blobs and the decision is written beside
/// them for WriteVerdict; the orchestration gets only the number of suspicious classes.
/// </summary>
public sealed class DecideVerdictActivity(ScanStorage storage, JobResults results) : ScanActivity<DecideRequest, int>
{
    protected override async Task<int> ExecuteAsync(TaskActivityContext context, DecideRequest input, CancellationToken cancellationToken)
    {
        var runs = new List<Decision>();
        for (int run = 0; run < input.Parameters.Runs; run++)
        {
            var analyses = new List<ClassAnalysis>(input.Classes.Count);
            foreach (int label in input.Classes)
                analyses.Add(await results.ReadAnalysisAsync(input.ScanId, label, run, input.Parameters, cancellationToken));
            runs.Add(DecisionRule.Decide(analyses, input.Parameters with { RandomSeed = input.Parameters.RandomSeed + run }));
        }
        var decision = RunMajority.Combine(runs);
        await ScanStorage.WriteJsonAsync(storage.Work, WorkPaths.Decision(input.ScanId), decision, cancellationToken);
        return decision.SuspiciousClasses.Count;
    }
}
