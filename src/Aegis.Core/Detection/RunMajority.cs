namespace Aegis.Core.Detection;

/// <summary>
/// Combines the decisions of independent runs (different seeds for the seed images, translation,
/// t-SNE and the probe images): a class is suspicious when more than half of the runs flag it, so
/// one unlucky draw neither raises nor hides an alarm. The first run's numbers stay the ones shown.
/// </summary>
public static class RunMajority
{
    public static Decision Combine(IReadOnlyList<Decision> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
            throw new ArgumentException("At least one run is needed.", nameof(runs));
        if (runs.Count == 1)
            return runs[0];

        var flagging = runs.SelectMany(r => r.SuspiciousClasses).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var labels = runs.SelectMany(r => r.AnomalyIndex.Keys).Concat(flagging.Keys).Distinct().Order();
        var counts = labels.ToDictionary(l => l, l => flagging.GetValueOrDefault(l));
        var suspicious = counts.Where(kv => 2 * kv.Value > runs.Count).Select(kv => kv.Key).Order().ToArray();
        var first = runs[0];
        // A class's score over the runs is the one its majority rests on, so it stays above 0 exactly for the suspicious classes.
        var scores = runs.SelectMany(r => r.ClassScores.Keys).Distinct()
            .ToDictionary(l => l, l => ModelScore.Majority(runs.Select(r => r.ClassScores.TryGetValue(l, out var s) ? s : ModelScore.Floor).ToArray()));
        return first with
        {
            SuspiciousClasses = suspicious,
            ClassScores = scores,
            Runs = runs.Count,
            RunsFlagging = counts,
            // All-to-all by the same majority: more than half of the runs found the matching.
            AllToAll = 2 * runs.Count(r => r.AllToAll) > runs.Count,
            AllToAllClasses = 2 * runs.Count(r => r.AllToAll) > runs.Count ? runs.SelectMany(r => r.AllToAllClasses).Distinct().Where(suspicious.Contains).Order().ToArray() : [],
            Explanation = $"Decided over {runs.Count} runs with different seeds: a class is suspicious when more than half of them flag it; the numbers shown are the first run's. Each run: {first.Explanation}",
        };
    }
}
