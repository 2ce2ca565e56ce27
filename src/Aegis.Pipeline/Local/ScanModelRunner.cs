using Aegis.Core.Detection;
using Aegis.Scanner;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Local;

/// <summary>The trigger check and Neural Cleanse on this machine: the scan assembly's, in the same sandboxes that translate the model's classes.</summary>
public sealed class ScanModelRunner(ModelScanPool pool) : ILocalModelRunner
{
    public Task<IReadOnlyList<TriggerProbeCounts>> ProbeTriggerAsync(string modelPath, string datasetDirectory, ProbeJob job, CancellationToken cancellationToken) =>
        ScanInputErrors.GuardAsync(() => pool.ProbeTriggerAsync(ScanClassTranslator.Target(modelPath, datasetDirectory), job.Parameters, job.Label, job.Candidates, cancellationToken));

    public Task<ReversedTriggerSet> ReverseTriggersAsync(string modelPath, string datasetDirectory, CleanseJob job, CancellationToken cancellationToken) =>
        ScanInputErrors.GuardAsync(async () =>
        {
            var (triggers, reference, shape) = await pool.ReverseTriggersAsync(ScanClassTranslator.Target(modelPath, datasetDirectory), job.Parameters, job.Classes,
                progress: null, cancellationToken);
            return new ReversedTriggerSet(triggers, reference?.TrainingFingerprint, shape);
        });
}
