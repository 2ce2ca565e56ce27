using System.Diagnostics;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Workers;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// ReverseTriggers: Neural Cleanse's model-side work for a model the pre-check found not robust (the
/// local scan's <see cref="Detectors.Choose"/>), on a worker or in this process. The triggers are
/// checked here (<see cref="NeuralCleanseTriggerCheck"/>, the shape against the inspected model's) and
/// their sizes measured from the masks; impossible ones throw and the call is retried. WriteVerdict
/// judges them with Core's <see cref="NeuralCleanseRule"/>.
/// </summary>
public sealed class ReverseTriggersActivity(IModelRuns runs) : ScanActivity<CleanseRequest, CleanseResult>
{
    protected override async Task<CleanseResult> ExecuteAsync(TaskActivityContext context, CleanseRequest input, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ReversedTriggerSet set;
        try
        {
            set = await runs.ReverseTriggersAsync(new CleanseJob(input.ScanId, input.Model, input.Dataset, input.Parameters, input.Classes), cancellationToken);
        }
        catch (ScanInputException e)
        {
            return new CleanseResult(null, clock.Elapsed.TotalSeconds, new ScanError(e.Code, e.Message));
        }
        if (set?.Shape.ToString() != input.InputShape || !NeuralCleanseTriggerCheck.IsPlausible(set.Triggers, input.Classes, set.Shape, input.Parameters.NeuralCleanse)
            || set.TrainingFingerprint is not null && !(set.TrainingFingerprint.Length == 64 && set.TrainingFingerprint.All(char.IsAsciiHexDigitLower)))
            throw new WorkerFailedException($"Neural Cleanse for scan {input.ScanId} came back with impossible triggers.");
        return new CleanseResult(set with { Triggers = NeuralCleanseTriggerCheck.WithMeasuredSizes(set.Triggers) }, clock.Elapsed.TotalSeconds);
    }
}
