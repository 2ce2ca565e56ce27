using Aegis.Core.Detection;
using Aegis.Core.Evidence;
using Aegis.Core.Verdicts;
using SkiaSharp;

namespace Aegis.Reporting;

public sealed record EvidenceImagesOptions
{
    /// <summary>Screen pixels per image pixel (nearest neighbour).</summary>
    public int Scale { get; init; } = 5;
}

/// <summary>
/// One picture per class. The first row is about all translations: their mean image, the clean
/// images' 99th-percentile brightness (the class's shape) and the <see cref="TriggerMap"/> on a
/// fixed 0–1 scale, where a trigger glows and the seeds' silhouettes do not. Then one row per
/// cluster: the cluster's mean image, the class's clean mean image, and their difference as a heat
/// map (positive = red) on one symmetric scale for the whole class.
/// </summary>
public static class EvidenceImages
{
    public static SKBitmap Render(ClassFeatures features, ClassAnalysis analysis, EvidenceImagesOptions? options = null)
    {
        options ??= new EvidenceImagesOptions();
        var clusters = ClusterEvidence.Summarise(features, analysis);
        ImagePixels.EnsureDrawable(features.Shape);
        if (options.Scale < 1)
            throw new ArgumentException($"Evidence scale must be at least 1 (got {options.Scale}).");

        var shape = features.Shape;
        var cleanMean = ClusterEvidence.CleanMeanImage(features, analysis);
        var means = Enumerable.Range(0, analysis.ClusterCount)
            .Select(c => ClusterEvidence.ClusterMeanImage(features, analysis, c)).ToArray();
        var differences = means.Select(m => m is null ? null : Difference(m, cleanMean, shape)).ToArray();
        double limit = differences.Where(d => d is not null).SelectMany(d => d!).Select(v => Math.Abs((double)v)).DefaultIfEmpty(0).Max();

        var layout = Layout(shape, analysis.ClusterCount, options);
        var bitmap = Canvas.Blank(layout.Width, layout.Height);
        Canvas.Text(bitmap, $"class {analysis.Label} — trigger map; mean images per cluster vs clean mean (difference scale ±{limit:0.###})",
            EvidenceLayout.Margin, EvidenceLayout.Margin, 14, bold: true);
        DrawTriggerRow(bitmap, layout, features, analysis, options.Scale);
        for (int c = 0; c < analysis.ClusterCount; c++)
        {
            var labelTop = layout.PanelOrigin(c + 1, 0).Top - EvidenceLayout.LabelHeight;
            Canvas.Text(bitmap, $"cluster {c} mean", layout.PanelOrigin(c + 1, 0).Left, labelTop, 12);
            Canvas.Text(bitmap, "clean mean", layout.PanelOrigin(c + 1, 1).Left, labelTop, 12);
            Canvas.Text(bitmap, "difference", layout.PanelOrigin(c + 1, 2).Left, labelTop, 12);
            if (means[c] is { } mean)
                ImagePixels.Draw(bitmap, layout.PanelOrigin(c + 1, 0).Left, layout.PanelOrigin(c + 1, 0).Top, options.Scale, mean, shape, 0);
            ImagePixels.Draw(bitmap, layout.PanelOrigin(c + 1, 1).Left, layout.PanelOrigin(c + 1, 1).Top, options.Scale, cleanMean, shape, 0);
            if (differences[c] is { } difference)
                DrawHeatMap(bitmap, layout.PanelOrigin(c + 1, 2), options.Scale, difference, shape, limit);
            DrawSummary(bitmap, layout.PanelOrigin(c + 1, 3), clusters[c]);
        }
        return bitmap;
    }

    /// <summary>Row 0: the mean of all translations, the clean ceiling (the class's shape) and the trigger map with its peak.</summary>
    private static void DrawTriggerRow(SKBitmap bitmap, EvidenceLayout layout, ClassFeatures features, ClassAnalysis analysis, int scale)
    {
        var shape = features.Shape;
        var trigger = TriggerMap.Compute(features.TranslatedImages, features.SeedLabels, features.CleanImages, shape, analysis.Label);
        var labelTop = layout.PanelOrigin(0, 0).Top - EvidenceLayout.LabelHeight;
        Canvas.Text(bitmap, "all translations", layout.PanelOrigin(0, 0).Left, labelTop, 12);
        Canvas.Text(bitmap, "clean 99th pct", layout.PanelOrigin(0, 1).Left, labelTop, 12);
        Canvas.Text(bitmap, "trigger map", layout.PanelOrigin(0, 2).Left, labelTop, 12, bold: true);
        if (analysis.TranslatedCount > 0)
        {
            var all = ClusterEvidence.MeanImage(features.TranslatedImages, shape, Enumerable.Range(0, analysis.TranslatedCount).ToArray());
            ImagePixels.Draw(bitmap, layout.PanelOrigin(0, 0).Left, layout.PanelOrigin(0, 0).Top, scale, all, shape, 0);
        }
        var plane = new ImageShape(1, shape.Height, shape.Width);
        ImagePixels.Draw(bitmap, layout.PanelOrigin(0, 1).Left, layout.PanelOrigin(0, 1).Top, scale, trigger.CleanCeiling, plane, 0);
        for (int y = 0; y < shape.Height; y++)
            for (int x = 0; x < shape.Width; x++)
                Canvas.FillBlock(bitmap, layout.PanelOrigin(0, 2).Left, layout.PanelOrigin(0, 2).Top, scale, x, y,
                    SequentialColorMap.Map(trigger.Map[y * shape.Width + x]));

        var (peakX, peakY) = trigger.PeakAt;
        string[] lines =
        [
            $"peak {trigger.Peak:0.00} at x {peakX}, y {peakY} (scale 0–1)",
            $"ink above the clean 99th percentile",
            $"that all {trigger.Origins} seed classes agree on",
        ];
        for (int i = 0; i < lines.Length; i++)
            Canvas.Text(bitmap, lines[i], layout.PanelOrigin(0, 3).Left, layout.PanelOrigin(0, 3).Top + i * 17, 12, bold: i == 0);
    }

    /// <summary>Translated-minus-clean mean difference per pixel, averaged over channels (H x W).</summary>
    public static float[] Difference(float[] clusterMean, float[] cleanMean, ImageShape shape)
    {
        int plane = shape.Height * shape.Width;
        var difference = new float[plane];
        for (int ch = 0; ch < shape.Channels; ch++)
            for (int i = 0; i < plane; i++)
                difference[i] += (clusterMean[ch * plane + i] - cleanMean[ch * plane + i]) / shape.Channels;
        return difference;
    }

    /// <summary>The picture's geometry: the trigger row, then one row per cluster.</summary>
    public static EvidenceLayout Layout(ImageShape shape, int clusterCount, EvidenceImagesOptions options) =>
        new(shape.Width * options.Scale, shape.Height * options.Scale, clusterCount + 1);

    private static void DrawHeatMap(SKBitmap bitmap, (int Left, int Top) origin, int scale, float[] difference, ImageShape shape, double limit)
    {
        for (int y = 0; y < shape.Height; y++)
            for (int x = 0; x < shape.Width; x++)
                Canvas.FillBlock(bitmap, origin.Left, origin.Top, scale, x, y,
                    DivergingColorMap.Map(difference[y * shape.Width + x], limit));
    }

    private static void DrawSummary(SKBitmap bitmap, (int Left, int Top) origin, ClusterReport cluster)
    {
        var seeds = cluster.SeedLabels.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(5)
            .Select(kv => $"{kv.Key}:{kv.Value}");
        string[] lines =
        [
            $"{cluster.Translated} translated, {cluster.Clean} clean",
            $"mean |difference| {cluster.MeanImageDifference:0.0000}",
            cluster.SeedLabels.Count == 0 ? "no seeds" : $"seed labels {string.Join(" ", seeds)}",
        ];
        for (int i = 0; i < lines.Length; i++)
            Canvas.Text(bitmap, lines[i], origin.Left, origin.Top + i * 17, 12);
    }
}

/// <summary>Geometry of an <see cref="EvidenceImages"/> picture: column 0–2 are the panels, column 3 the numbers.</summary>
public readonly record struct EvidenceLayout(int PanelWidth, int PanelHeight, int Rows)
{
    public const int Margin = 8;
    public const int TitleHeight = 28;
    public const int LabelHeight = 18;
    public const int Gap = 12;
    public const int SummaryWidth = 300;

    public int Width => Math.Max(2 * Margin + 3 * (PanelWidth + Gap) + SummaryWidth, 640);
    public int Height => 2 * Margin + TitleHeight + Rows * (LabelHeight + PanelHeight + Gap);

    public (int Left, int Top) PanelOrigin(int row, int column) =>
        (Margin + column * (PanelWidth + Gap), Margin + TitleHeight + row * (LabelHeight + PanelHeight + Gap) + LabelHeight);
}
