using Aegis.Core.Verdicts;

namespace Aegis.Core.Detection;

/// <summary>
/// What each mean-shift cluster of a class holds, in image space: member counts, which seeds
/// ended there, and how far the cluster's mean image is from the class's clean mean image —
/// a trigger shared by a cluster's translated images shows up as a large difference.
/// </summary>
public static class ClusterEvidence
{
    /// <summary>One <see cref="ClusterReport"/> per cluster, in cluster order.</summary>
    public static IReadOnlyList<ClusterReport> Summarise(ClassFeatures features, ClassAnalysis analysis)
    {
        Validate(features, analysis);
        var cleanMean = CleanMeanImage(features, analysis);
        var reports = new List<ClusterReport>(analysis.ClusterCount);
        for (int cluster = 0; cluster < analysis.ClusterCount; cluster++)
        {
            var translated = TranslatedRows(analysis, cluster);
            var clean = CleanRows(analysis, cluster);
            var seeds = new SortedDictionary<int, int>();
            foreach (int row in translated)
                seeds[features.SeedLabels[row]] = seeds.GetValueOrDefault(features.SeedLabels[row]) + 1;

            var mean = ClusterMeanImage(features, analysis, cluster);
            reports.Add(new ClusterReport
            {
                Cluster = cluster,
                Translated = translated.Count,
                Clean = clean.Count,
                MeanImageDifference = mean is null ? 0 : MeanAbsoluteDifference(mean, cleanMean),
                SeedLabels = new Dictionary<int, int>(seeds),
            });
        }
        return reports;
    }

    /// <summary>Rows of the translated images in <paramref name="cluster"/> (indices into the translated images).</summary>
    public static IReadOnlyList<int> TranslatedRows(ClassAnalysis analysis, int cluster)
    {
        var rows = new List<int>();
        for (int row = 0; row < analysis.TranslatedCount; row++)
            if (analysis.ClusterLabels[row] == cluster)
                rows.Add(row);
        return rows;
    }

    /// <summary>Rows of the clean images in <paramref name="cluster"/> (indices into the clean images).</summary>
    public static IReadOnlyList<int> CleanRows(ClassAnalysis analysis, int cluster)
    {
        var rows = new List<int>();
        for (int row = 0; row < analysis.CleanCount; row++)
            if (analysis.ClusterLabels[analysis.TranslatedCount + row] == cluster)
                rows.Add(row);
        return rows;
    }

    /// <summary>The mean of all clean images of the class (CHW).</summary>
    public static float[] CleanMeanImage(ClassFeatures features, ClassAnalysis analysis) =>
        MeanImage(features.CleanImages, features.Shape, Enumerable.Range(0, analysis.CleanCount).ToArray());

    /// <summary>
    /// The cluster's mean image: of its translated members when it has any, since those carry a
    /// trigger if there is one; of its clean members otherwise; null for an empty cluster.
    /// </summary>
    public static float[]? ClusterMeanImage(ClassFeatures features, ClassAnalysis analysis, int cluster)
    {
        var translated = TranslatedRows(analysis, cluster);
        if (translated.Count > 0)
            return MeanImage(features.TranslatedImages, features.Shape, translated);
        var clean = CleanRows(analysis, cluster);
        return clean.Count > 0 ? MeanImage(features.CleanImages, features.Shape, clean) : null;
    }

    /// <summary>The pixel-wise mean of the selected images of an NCHW array.</summary>
    public static float[] MeanImage(float[] images, ImageShape shape, IReadOnlyList<int> rows)
    {
        int size = shape.Size;
        var sum = new double[size];
        foreach (int row in rows)
        {
            var image = images.AsSpan(row * size, size);
            for (int i = 0; i < size; i++)
                sum[i] += image[i];
        }
        var mean = new float[size];
        if (rows.Count > 0)
            for (int i = 0; i < size; i++)
                mean[i] = (float)(sum[i] / rows.Count);
        return mean;
    }

    public static double MeanAbsoluteDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Cannot compare images of {a.Length} and {b.Length} values.");
        double total = 0;
        for (int i = 0; i < a.Length; i++)
            total += Math.Abs(a[i] - b[i]);
        return a.Length == 0 ? 0 : total / a.Length;
    }

    /// <summary>Checks that features and analysis describe the same rows, so every index above is in range.</summary>
    public static void Validate(ClassFeatures features, ClassAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(analysis);
        if (features.Label != analysis.Label)
            throw new ArgumentException($"Features are for class {features.Label} but the analysis is for class {analysis.Label}.");
        int size = features.Shape.Size;
        if (size <= 0)
            throw new ArgumentException($"Image shape {features.Shape} has no pixels.");
        if (analysis.CleanCount <= 0)
            throw new ArgumentException($"Class {analysis.Label} has no clean images to compare its clusters with.");
        if (analysis.TranslatedCount < 0)
            throw new ArgumentException($"Class {analysis.Label} has a negative translated count.");
        if (features.TranslatedImages.LongLength != (long)analysis.TranslatedCount * size)
            throw new ArgumentException(
                $"Class {analysis.Label}: {features.TranslatedImages.Length} translated pixel values do not hold {analysis.TranslatedCount} images of {features.Shape}.");
        if (features.CleanImages.LongLength != (long)analysis.CleanCount * size)
            throw new ArgumentException(
                $"Class {analysis.Label}: {features.CleanImages.Length} clean pixel values do not hold {analysis.CleanCount} images of {features.Shape}.");
        if (features.SeedLabels.Length != analysis.TranslatedCount)
            throw new ArgumentException(
                $"Class {analysis.Label}: {features.SeedLabels.Length} seed labels for {analysis.TranslatedCount} translated images.");
        int rows = analysis.TranslatedCount + analysis.CleanCount;
        if (analysis.ClusterLabels.Length != rows)
            throw new ArgumentException($"Class {analysis.Label}: {analysis.ClusterLabels.Length} cluster labels for {rows} embedded rows.");
        foreach (int label in analysis.ClusterLabels)
            if (label < 0 || label >= analysis.ClusterCount)
                throw new ArgumentException($"Class {analysis.Label}: cluster label {label} is outside 0..{analysis.ClusterCount - 1}.");
    }
}
