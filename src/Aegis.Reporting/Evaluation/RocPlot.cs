using Aegis.Core.Evaluation;
using ScottPlot;
using SkiaSharp;

namespace Aegis.Reporting.Evaluation;

/// <summary>The ROC curve of each track's probabilities, with its AUC in the legend and chance as the diagonal.</summary>
public static class RocPlot
{
    private static readonly Color[] Palette = [Color.FromHex("#B2182B"), Color.FromHex("#2166AC"), Color.FromHex("#1B7837"), Color.FromHex("#762A83")];

    /// <param name="tracks">Per track, its scored models (probability and truth).</param>
    public static byte[] RenderPng(IReadOnlyDictionary<string, IReadOnlyList<ScoredTruth>> tracks, int size = 560)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        plot.Title("ROC per track (probability of a backdoor)", 15);
        plot.XLabel("false-positive rate (clean models flagged)");
        plot.YLabel("true-positive rate (backdoored models flagged)");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance";
        int index = 0;
        foreach (var (track, models) in tracks)
        {
            var curve = RankMetrics.RocCurve(models);
            var line = plot.Add.ScatterLine(curve.Select(p => p.FalsePositiveRate).ToArray(), curve.Select(p => p.TruePositiveRate).ToArray());
            line.Color = Palette[index++ % Palette.Length];
            line.LineWidth = 2.5f;
            line.MarkerSize = 5;
            double? auc = RankMetrics.RocAuc(models);
            line.LegendText = auc is double a ? $"{track}: AUC {a:0.000} ({models.Count} models)" : $"{track}: no AUC (needs clean and backdoored)";
        }
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.ShowLegend(Alignment.LowerRight);

        using var bitmap = Canvas.Blank(size, size);
        using (var canvas = new SKCanvas(bitmap))
            plot.Render(canvas, size, size);
        return Png.Encode(bitmap);
    }
}
