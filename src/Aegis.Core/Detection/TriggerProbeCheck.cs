namespace Aegis.Core.Detection;

/// <summary>
/// Whether a probe's counts can be what the model really did: one result per candidate, one count
/// per class, at most <see cref="TriggerProbeParameters.ProbesPerClass"/> images per origin, no more
/// flips than probes, and nothing probed from the probed label itself. Whoever receives counts from
/// where the model ran (a sandbox, a worker) checks them with this before trusting them.
/// </summary>
public static class TriggerProbeCheck
{
    public static bool IsPlausible(IReadOnlyList<TriggerProbeCounts>? counts, int label, int candidates, int classCount, int probesPerClass) =>
        counts is not null && counts.Count == candidates && counts.All(c =>
            c?.Probed is { } probed && c.Flipped is { } flipped && probed.Length == classCount && flipped.Length == classCount
            && Enumerable.Range(0, classCount).All(k =>
                probed[k] >= 0 && probed[k] <= probesPerClass && flipped[k] >= 0 && flipped[k] <= probed[k] && (k != label || probed[k] == 0)));
}
