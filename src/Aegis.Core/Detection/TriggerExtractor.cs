namespace Aegis.Core.Detection;

/// <summary>
/// Lifts <see cref="TriggerCandidate"/>s from a class's translated images, without the model. For
/// each group of translated images — all of them, and each mean-shift cluster big enough to matter
/// (a trigger may grow in only some clusters) — the patch is the locations where the group's mean
/// image differs most from the class's clean mean image, holding the group's per-pixel median there
/// (the value most of the group agrees on). In a backdoor target those locations are the trigger
/// (the red patch of evidence.png); in an innocent class they are fragments of its silhouette.
/// Beside them, one patch per seed origin with enough seeds ("origin-K"): an all-to-all backdoor's
/// trigger grows only in the seeds of the class's own origin, diluted ninefold in the "all" group.
/// Those patches serve the all-to-all rule's peak only (<see cref="TriggerFlip"/>), never the median.
/// </summary>
public static class TriggerExtractor
{
    /// <summary>Source of a patch lifted from the translations of one seed origin's images.</summary>
    public const string OriginPrefix = "origin-";

    public static bool IsOriginPatch(TriggerCandidate candidate) => candidate.Source.StartsWith(OriginPrefix, StringComparison.Ordinal);

    public static IReadOnlyList<TriggerCandidate> Extract(ClassFeatures features, ClassAnalysis analysis, TriggerProbeParameters parameters)
    {
        ClusterEvidence.Validate(features, analysis);
        ArgumentNullException.ThrowIfNull(parameters);
        var shape = features.Shape;
        int locations = parameters.MaskLocations(shape);
        if (analysis.TranslatedCount == 0)
            return [];

        var cleanMean = ClusterEvidence.CleanMeanImage(features, analysis);
        var groups = new List<(string Source, IReadOnlyList<int> Rows)> { ("all", Enumerable.Range(0, analysis.TranslatedCount).ToArray()) };
        int minimum = Math.Max(1, (int)Math.Ceiling(parameters.MinGroupFraction * analysis.TranslatedCount));
        for (int cluster = 0; cluster < analysis.ClusterCount; cluster++)
        {
            var rows = ClusterEvidence.TranslatedRows(analysis, cluster);
            // A cluster holding (nearly) every translated image repeats the "all" group.
            if (rows.Count >= minimum && rows.Count < analysis.TranslatedCount)
                groups.Add(($"cluster-{cluster}", rows));
        }
        foreach (var origin in features.SeedLabels.Distinct().Where(o => o != analysis.Label).Order())
        {
            var rows = Enumerable.Range(0, analysis.TranslatedCount).Where(r => features.SeedLabels[r] == origin).ToArray();
            // As with clusters, an origin holding every translated image repeats the "all" group.
            if (rows.Length >= minimum && rows.Length < analysis.TranslatedCount)
                groups.Add(($"{OriginPrefix}{origin}", rows));
        }
        return groups.Select(g => Lift(g.Source, g.Rows, features.TranslatedImages, cleanMean, shape, locations)).ToArray();
    }

    private static TriggerCandidate Lift(string source, IReadOnlyList<int> rows, float[] images, float[] cleanMean, ImageShape shape, int count)
    {
        int plane = shape.Height * shape.Width;
        var mean = ClusterEvidence.MeanImage(images, shape, rows);
        // Score a location by its difference summed over channels, so a colour trigger counts once.
        var score = new double[plane];
        for (int c = 0; c < shape.Channels; c++)
            for (int p = 0; p < plane; p++)
                score[p] += Math.Abs(mean[c * plane + p] - cleanMean[c * plane + p]);
        // Highest score first; ties by location keep the choice deterministic.
        var chosen = Enumerable.Range(0, plane).OrderByDescending(p => score[p]).ThenBy(p => p).Take(count).Order().ToArray();

        var pattern = new float[shape.Channels * chosen.Length];
        var column = new float[rows.Count];
        for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < chosen.Length; i++)
            {
                int offset = c * plane + chosen[i];
                for (int r = 0; r < rows.Count; r++)
                    column[r] = images[(long)rows[r] * shape.Size + offset];
                pattern[c * chosen.Length + i] = Median(column);
            }
        return new TriggerCandidate { Source = source, Images = rows.Count, Locations = chosen, Pattern = pattern };
    }

    private static float Median(float[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
