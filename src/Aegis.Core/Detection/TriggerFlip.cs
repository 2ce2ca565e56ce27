namespace Aegis.Core.Detection;

/// <summary>
/// Turns a probe's counts into <see cref="TriggerEvidence"/>: the strongest candidate by its median flip
/// over origins (one-origin patches aside), and beside it, for the all-to-all rule, the single origin any
/// candidate moved most and the largest matching any one candidate's stamp makes
/// (<see cref="AllToAllRule.FromDestinations"/>).
/// </summary>
public static class TriggerFlip
{
    public static TriggerEvidence? Evaluate(int label, IReadOnlyList<TriggerCandidate> candidates, IReadOnlyList<TriggerProbeCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(counts);
        if (candidates.Count != counts.Count)
            throw new ArgumentException($"{counts.Count} probe results for {candidates.Count} candidates.");

        TriggerEvidence? best = null;
        (int Origin, double Flip, int Probes)? peak = null;
        var matching = AllToAllFinding.None;
        for (int i = 0; i < candidates.Count; i++)
        {
            var rows = counts[i].Destinations;
            if (rows.Length <= label || rows.Any(r => r.Length != rows.Length || r.Any(n => n < 0)))
                throw new ArgumentException($"Candidate {i}: destinations must be a square of counts over the classes, none negative, label {label} among them.");
            var probed = Enumerable.Range(0, rows.Length).Select(counts[i].Probed).ToArray();
            var origins = new SortedDictionary<int, double>();
            for (int k = 0; k < rows.Length; k++)
                if (k != label && probed[k] > 0)
                    origins[k] = rows[k][label] / (double)probed[k];
            if (origins.Count == 0)
                continue;
            var found = AllToAllRule.FromDestinations(rows);
            if (found.Classes.Count > matching.Classes.Count)
                matching = found with { Source = $"class {label} {candidates[i].Source}" };
            foreach (var (origin, rate) in origins)
                if (peak is null || rate > peak.Value.Flip)
                    peak = (origin, rate, probed[origin]);
            // A patch from one origin's seeds serves the peak only: the median rule keeps its own candidates.
            if (TriggerExtractor.IsOriginPatch(candidates[i]))
                continue;
            double flip = RobustZScore.Median(origins.Values.ToArray());
            if (best is null || flip > best.Flip)
            {
                int total = origins.Keys.Sum(k => probed[k]);
                best = new TriggerEvidence
                {
                    Flip = flip,
                    OverallFlip = origins.Keys.Sum(k => rows[k][label]) / (double)total,
                    OriginFlip = origins,
                    Source = candidates[i].Source,
                    Patch = candidates[i],
                    Candidates = candidates.Count,
                    Probes = total,
                };
            }
        }
        return best is null || peak is not { } p ? best : best with { PeakOrigin = p.Origin, PeakFlip = p.Flip, PeakProbes = p.Probes, Matching = matching };
    }
}
