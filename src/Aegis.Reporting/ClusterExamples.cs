using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>
/// The example-image picture of one cluster: up to N of its translated images, and up to N of its
/// clean images below them when clean images are the majority, each part captioned with its counts.
/// </summary>
public static class ClusterExamples
{
    /// <summary>Null when the cluster has no members.</summary>
    public static SKBitmap? Render(ClassFeatures features, ClassAnalysis analysis, int cluster, int maxExamples, ImageGridOptions grid)
    {
        ClusterEvidence.Validate(features, analysis);
        if (maxExamples < 1)
            throw new ArgumentException($"At least one example per cluster must be shown (got {maxExamples}).");
        var translated = ClusterEvidence.TranslatedRows(analysis, cluster);
        var clean = ClusterEvidence.CleanRows(analysis, cluster);
        var parts = new List<SKBitmap>();
        try
        {
            if (translated.Count > 0)
                parts.Add(ImageGrid.Render(features.TranslatedImages, features.Shape, Spread(translated, maxExamples), grid with
                {
                    Caption = $"class {analysis.Label} · cluster {cluster} — {Math.Min(maxExamples, translated.Count)} of {translated.Count} translated images",
                }));
            if (clean.Count > translated.Count)
                parts.Add(ImageGrid.Render(features.CleanImages, features.Shape, Spread(clean, maxExamples), grid with
                {
                    Caption = $"class {analysis.Label} · cluster {cluster} — {Math.Min(maxExamples, clean.Count)} of {clean.Count} clean training images",
                }));
            if (parts.Count > 1)
                return Canvas.StackVertically(parts, gap: 10);
            // A single part is the result itself: hand it over instead of disposing it.
            var only = parts.FirstOrDefault();
            parts.Clear();
            return only;
        }
        finally
        {
            foreach (var part in parts)
                part.Dispose();
        }
    }

    /// <summary>Up to <paramref name="count"/> rows spread evenly over <paramref name="rows"/>, in order, so the sample is deterministic and not just the first few.</summary>
    public static IReadOnlyList<int> Spread(IReadOnlyList<int> rows, int count)
    {
        if (rows.Count <= count)
            return rows;
        var picked = new int[count];
        for (int i = 0; i < count; i++)
            picked[i] = rows[(int)((long)i * rows.Count / count)];
        return picked;
    }
}
