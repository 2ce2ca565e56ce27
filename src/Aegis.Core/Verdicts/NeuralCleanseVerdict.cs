using Aegis.Core.Detection;

namespace Aegis.Core.Verdicts;

/// <summary>
/// Neural Cleanse's verdict, the same for every driver (the command line's scan, the pipeline's
/// WriteVerdict): the reversed triggers judged by <see cref="NeuralCleanseRule"/> against the training
/// data's reference (when there is one), with every class's trigger drawn when an artifact writer is given.
/// </summary>
public static class NeuralCleanseVerdict
{
    /// <param name="outcome">Model, dataset, parameters, robustness and timings (Neural Cleanse's seconds included).</param>
    /// <param name="reference">The clean models' sizes for this training data, or null for none.</param>
    /// <param name="artifactPrefix">Prepended to each picture's path in the verdict (the pipeline's "scanId/").</param>
    /// <param name="allToAll">The all-to-all row, when it ran.</param>
    public static AssembledVerdict Assemble(ScanOutcome outcome, IReadOnlyList<NeuralCleanseTrigger> triggers, NeuralCleanseReference? reference,
        ImageShape shape, IScanArtifacts? artifacts, string? directory, string artifactPrefix = "", AllToAllReversal? allToAll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(triggers);
        if (artifacts is not null && directory is null)
            throw new ArgumentException("Pictures need a folder to be drawn in.", nameof(directory));
        var options = outcome.Parameters.NeuralCleanse;
        var decision = NeuralCleanseRule.Decide(triggers, options, reference, allToAll);
        if (artifacts is null)
            return new AssembledVerdict(VerdictBuilder.NeuralCleanseDetected(outcome, NeuralCleanseReport.From(decision, options)), []);

        var (pictures, overview) = artifacts.WriteNeuralCleanse(directory!, triggers, decision, shape, cancellationToken);
        var report = NeuralCleanseReport.From(decision, options,
            pictures.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value.ToDictionary(a => a.Key, a => artifactPrefix + a.Value)),
            artifactPrefix + overview);
        return new AssembledVerdict(VerdictBuilder.NeuralCleanseDetected(outcome, report), [.. pictures.Values.SelectMany(p => p.Values), overview]);
    }
}
