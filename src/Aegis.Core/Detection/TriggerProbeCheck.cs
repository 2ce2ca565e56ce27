namespace Aegis.Core.Detection;

/// <summary>
/// Whether a probe's counts can be what the model really did: one result per candidate, a row of one
/// count per class for every class, no count negative and at most
/// <see cref="TriggerProbeParameters.ProbesPerClass"/> images per origin. Whoever receives counts from
/// where the model ran (a sandbox, a worker) checks them with this before trusting them.
/// </summary>
public static class TriggerProbeCheck
{
    public static bool IsPlausible(IReadOnlyList<TriggerProbeCounts>? counts, int candidates, int classCount, int probesPerClass) =>
        counts is not null && counts.Count == candidates && counts.All(c =>
            c?.Destinations is { } rows && rows.Length == classCount
            && rows.All(row => row is not null && row.Length == classCount && row.All(n => n >= 0) && row.Sum(n => (long)n) <= probesPerClass));
}
