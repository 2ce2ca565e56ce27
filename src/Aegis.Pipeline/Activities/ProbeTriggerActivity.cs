using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

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
        try
        {
            return new ClassProbe(await TriggerCheck.RunAsync(features, input.Analysis, input.Parameters.Trigger, new WorkerProbe(runs, input), cancellationToken));
        }
        catch (ScanInputException e)
        {
            return new ClassProbe(null, new ScanError(e.Code, $"Class {input.Label}: {e.Message}"));
        }
    }

    /// <summary>The stamping on the worker that translated the class (or in this process), its counts checked before they are scored.</summary>
    private sealed class WorkerProbe(IModelRuns runs, ProbeRequest input) : ITriggerProbe
    {
        public async Task<IReadOnlyList<TriggerProbeCounts>> ProbeAsync(int label, IReadOnlyList<TriggerCandidate> candidates, CancellationToken cancellationToken = default)
        {
            var counts = await runs.ProbeTriggerAsync(new ProbeJob(input.ScanId, label, input.Model, input.Dataset, input.Parameters, candidates),
                input.Features.ExecutedBy, cancellationToken);
            if (!TriggerProbeCheck.IsPlausible(counts, label, candidates.Count, input.ClassCount, input.Parameters.Trigger.ProbesPerClass))
                throw new WorkerFailedException($"The trigger check of class {label} of scan {input.ScanId} came back with impossible counts.");
            return counts;
        }
    }
}
