using Aegis.Core.Detection;
using ScottPlot;
using SkiaSharp;

namespace Aegis.Reporting;

public sealed record EmbeddingPlotOptions
{
    public int Width { get; init; } = 800;
    public int Height { get; init; } = 600;
    public float MarkerSize { get; init; } = 6;
}

/// <summary>
/// The t-SNE embedding of one class, coloured by mean-shift cluster; circles are clean training
/// images and triangles translated images, so a cluster made only of triangles (the backdoor's
/// shortcut) stands apart from the clean class.
/// </summary>
public static class EmbeddingPlot
{
    private static readonly MarkerShape CleanMarker = MarkerShape.FilledCircle;
    private static readonly MarkerShape TranslatedMarker = MarkerShape.FilledTriangleUp;

    /// <param name="anomalyIndex">The class's shift anomaly index, when the decision computed one.</param>
    public static SKBitmap Render(ClassAnalysis analysis, double? anomalyIndex, bool suspicious, EmbeddingPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        options ??= new EmbeddingPlotOptions();
        int rows = analysis.TranslatedCount + analysis.CleanCount;
        if (analysis.Embedding.Length != 2 * rows)
            throw new ArgumentException($"Class {analysis.Label}: the embedding has {analysis.Embedding.Length} values, not 2 for each of {rows} rows.");
        if (analysis.Embedding.Any(v => !double.IsFinite(v)))
            throw new ArgumentException($"Class {analysis.Label}: the embedding has non-finite coordinates; t-SNE diverged.");
        if (analysis.ClusterLabels.Length != rows)
            throw new ArgumentException($"Class {analysis.Label}: {analysis.ClusterLabels.Length} cluster labels for {rows} embedded rows.");

        var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        plot.Title(Title(analysis, anomalyIndex, suspicious));
        plot.XLabel("t-SNE 1");
        plot.YLabel("t-SNE 2");
        var palette = new ScottPlot.Palettes.Category10();

        for (int cluster = 0; cluster < analysis.ClusterCount; cluster++)
        {
            var color = palette.GetColor(cluster);
            var clean = Points(analysis, cluster, translated: false);
            var translated = Points(analysis, cluster, translated: true);
            if (clean.Xs.Length > 0)
                plot.Add.Markers(clean.Xs, clean.Ys, CleanMarker, options.MarkerSize, color.WithAlpha(0.7));
            if (translated.Xs.Length > 0)
                plot.Add.Markers(translated.Xs, translated.Ys, TranslatedMarker, options.MarkerSize + 1, color.WithAlpha(0.85));
            plot.Legend.ManualItems.Add(Item($"cluster {cluster}: {translated.Xs.Length} translated, {clean.Xs.Length} clean",
                MarkerShape.FilledSquare, color));
        }
        plot.Legend.ManualItems.Add(Item("clean training image", CleanMarker, Colors.Gray));
        plot.Legend.ManualItems.Add(Item("translated image", TranslatedMarker, Colors.Gray));
        plot.ShowLegend(Edge.Right);

        var bitmap = Canvas.Blank(options.Width, options.Height);
        using (var canvas = new SKCanvas(bitmap))
            plot.Render(canvas, options.Width, options.Height);
        return bitmap;
    }

    public static string Title(ClassAnalysis analysis, double? anomalyIndex, bool suspicious)
    {
        string clusters = analysis.ClusterCount == 1 ? "1 cluster" : $"{analysis.ClusterCount} clusters";
        string shift = anomalyIndex is { } z ? $"shift z={z:0.0}" : $"shift {analysis.Shift:0.00}";
        return $"class {analysis.Label} — {clusters} (bandwidth {analysis.Bandwidth:0.0}) — {shift} {(suspicious ? "SUSPICIOUS" : "clean")}";
    }

    private static (double[] Xs, double[] Ys) Points(ClassAnalysis analysis, int cluster, bool translated)
    {
        int start = translated ? 0 : analysis.TranslatedCount;
        int end = translated ? analysis.TranslatedCount : analysis.TranslatedCount + analysis.CleanCount;
        var xs = new List<double>();
        var ys = new List<double>();
        for (int row = start; row < end; row++)
        {
            if (analysis.ClusterLabels[row] != cluster)
                continue;
            xs.Add(analysis.Embedding[2 * row]);
            ys.Add(analysis.Embedding[2 * row + 1]);
        }
        return (xs.ToArray(), ys.ToArray());
    }

    private static LegendItem Item(string text, MarkerShape shape, Color color) => new()
    {
        LabelText = text,
        MarkerShape = shape,
        MarkerSize = 10,
        MarkerFillColor = color,
        MarkerLineColor = color,
        LineWidth = 0,
    };
}
