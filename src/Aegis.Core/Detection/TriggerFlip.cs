namespace Aegis.Core.Detection;

/// <summary>
/// Turns a probe's counts into <see cref="TriggerEvidence"/>: the strongest candidate by its median flip
/// over origins (one-origin patches aside), and beside it the single origin any candidate moved most
/// (for the all-to-all rule).
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
        for (int i = 0; i < candidates.Count; i++)
        {
            var (probed, flipped) = (counts[i].Probed, counts[i].Flipped);
            if (probed.Length != flipped.Length)
                throw new ArgumentException($"Candidate {i}: {probed.Length} probe counts but {flipped.Length} flip counts.");
            var origins = new SortedDictionary<int, double>();
            for (int k = 0; k < probed.Length; k++)
            {
                if (k == label || probed[k] <= 0)
                    continue;
                if (flipped[k] < 0 || flipped[k] > probed[k])
                    throw new ArgumentException($"Candidate {i}, class {k}: {flipped[k]} flips out of {probed[k]} probes.");
                origins[k] = flipped[k] / (double)probed[k];
            }
            if (origins.Count == 0)
                continue;
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
                    OverallFlip = origins.Keys.Sum(k => flipped[k]) / (double)total,
                    OriginFlip = origins,
                    Source = candidates[i].Source,
                    Patch = candidates[i],
                    Candidates = candidates.Count,
                    Probes = total,
                };
            }
        }
        return best is null || peak is not { } p ? best : best with { PeakOrigin = p.Origin, PeakFlip = p.Flip, PeakProbes = p.Probes };
    }
}
