using System.Diagnostics;

namespace Aegis.Core.Detection;

/// <summary>
/// The trigger rule's causal check for one class, wherever the model runs (the local scan's sandbox,
/// a pipeline worker): lift the patches from the translated images (<see cref="TriggerExtractor"/>),
/// let the model count what each patch does to held-out images, score them (<see cref="TriggerFlip"/>).
/// </summary>
public static class TriggerCheck
{
    public static async Task<ClassAnalysis> RunAsync(ClassFeatures features, ClassAnalysis analysis, TriggerProbeParameters parameters,
        ITriggerProbe probe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var clock = Stopwatch.StartNew();
        var candidates = TriggerExtractor.Extract(features, analysis, parameters);
        // No translated image, no patch: nothing to stamp.
        if (candidates.Count == 0)
            return analysis with { Trigger = null };
        var counts = await probe.ProbeAsync(analysis.Label, candidates, cancellationToken).ConfigureAwait(false);
        return analysis with { Trigger = TriggerFlip.Evaluate(analysis.Label, candidates, counts), ProbeSeconds = clock.Elapsed.TotalSeconds };
    }
}
