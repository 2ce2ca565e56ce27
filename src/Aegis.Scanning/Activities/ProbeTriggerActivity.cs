using System.Diagnostics;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Microsoft.DurableTask;

namespace Aegis.Scanning.Activities;

/// <summary>
/// ProbeTrigger(c): the trigger rule's causal check, as <see cref="AegisDetector"/> runs it — Core's
/// <see cref="TriggerExtractor"/> lifts the patches from the class's translated images, the model
/// (on the worker that translated the class, or in this process) counts how many held-out images
/// each patch sends to the class, and Core's <see cref="TriggerFlip"/> scores them. The counts are
/// checked here (<see cref="TriggerProbeCheck"/>): impossible ones throw, and the call is retried.
/// </summary>
public sealed class ProbeTriggerActivity(ScanStorage storage, IModelRuns runs) : ScanActivity<ProbeRequest, ClassProbe>
{
    protected override async Task<ClassProbe> ExecuteAsync(TaskActivityContext context, ProbeRequest input, CancellationToken cancellationToken)
    {
        var features = await FeaturesStore.ReadAsync(storage, input.Features, cancellationToken);
        var candidates = TriggerExtractor.Extract(features, input.Analysis, input.Parameters.Trigger);
        // No translated image, no patch: the check has nothing to stamp, as in the local scan.
        if (candidates.Count == 0)
            return new ClassProbe(input.Analysis with { Trigger = null });
        var clock = Stopwatch.StartNew();
        IReadOnlyList<TriggerProbeCounts> counts;
        try
        {
            counts = await runs.ProbeTriggerAsync(new ProbeJob(input.ScanId, input.Label, input.Model, input.Dataset, input.Parameters, candidates),
                input.Features.ExecutedBy, cancellationToken);
        }
        catch (ScanInputException e)
        {
            return new ClassProbe(null, new ScanError(e.Code, $"Class {input.Label}: {e.Message}"));
        }
        if (!TriggerProbeCheck.IsPlausible(counts, input.Label, candidates.Count, input.ClassCount, input.Parameters.Trigger.ProbesPerClass))
            throw new WorkerFailedException($"The trigger check of class {input.Label} of scan {input.ScanId} came back with impossible counts.");
        return new ClassProbe(input.Analysis with { Trigger = TriggerFlip.Evaluate(input.Label, candidates, counts), ProbeSeconds = clock.Elapsed.TotalSeconds });
    }
}
