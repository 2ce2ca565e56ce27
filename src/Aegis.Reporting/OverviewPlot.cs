using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using ScottPlot;
using SkiaSharp;

namespace Aegis.Reporting;

public sealed record OverviewPlotOptions
{
    public int Width { get; init; } = 1000;
    /// <summary>Height of each of the two panels.</summary>
    public int PanelHeight { get; init; } = 400;
}

/// <summary>
/// What a person glances at first: the shift anomaly index of every class against the threshold,
/// and every class's cluster count against the paper's limit; flagged classes in red.
/// </summary>
public static class OverviewPlot
{
    private static readonly Color Flagged = Color.FromHex("#B2182B");
    private static readonly Color Normal = Color.FromHex("#4575B4");

    public static SKBitmap Render(IReadOnlyList<ClassReport> classes, ScanParameters parameters, OverviewPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= new OverviewPlotOptions();
        if (classes.Count == 0)
            throw new ArgumentException("The overview needs at least one class.");
        var ordered = classes.OrderBy(c => c.Label).ToArray();

        bool indexComputed = ordered.Length >= DecisionRule.MinimumClassesForShiftRule;
        var anomaly = Panel(ordered, c => c.AnomalyIndex, c => c.ShiftSuspicious,
            indexComputed
                ? $"Shift anomaly index per class (red: above {parameters.AnomalyThreshold:0.##}, flagged)"
                : $"Shift anomaly index not computed (needs ≥{DecisionRule.MinimumClassesForShiftRule} classes)",
            "anomaly index (robust z)", parameters.AnomalyThreshold, $"threshold {parameters.AnomalyThreshold:0.##}");
        var clusters = Panel(ordered, c => c.Clusters, c => c.PaperSuspicious,
            $"Mean-shift clusters per class (red: more than {parameters.PaperClusterLimit}, the paper's rule flags it)",
            "clusters", parameters.PaperClusterLimit, $"paper limit {parameters.PaperClusterLimit}");

        // Each panel gets its own bitmap: ScottPlot clears the whole canvas it renders on.
        using var top = Render(anomaly, options.Width, options.PanelHeight);
        using var bottom = Render(clusters, options.Width, options.PanelHeight);
        return Canvas.StackVertically([top, bottom], gap: 0);
    }

    private static SKBitmap Render(Plot plot, int width, int height)
    {
        var bitmap = Canvas.Blank(width, height);
        using var canvas = new SKCanvas(bitmap);
        plot.Render(canvas, width, height);
        return bitmap;
    }

    private static Plot Panel(ClassReport[] classes, Func<ClassReport, double> value, Func<ClassReport, bool> flagged,
        string title, string yLabel, double line, string lineLabel)
    {
        // Degenerate features can make a shift, and so an index, infinite or NaN: such a bar is
        // drawn at the edge of the plot (NaN at zero) and labelled as what it is.
        var finite = classes.Select(value).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double edge = Math.Max(Math.Max(Math.Abs(line) * 2, finite.Max(Math.Abs) * 1.2), 1);
        double Drawn(ClassReport c) => value(c) is var v && double.IsNaN(v) ? 0 : Math.Clamp(v, -edge, edge);
        string Label(ClassReport c) => value(c) is var v && double.IsFinite(v) ? v.ToString("0.#") : double.IsNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";

        var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        plot.Title(title, 15);
        plot.XLabel("class");
        plot.YLabel(yLabel);
        var bars = classes.Select((c, i) => new Bar
        {
            Position = i,
            Value = Drawn(c),
            FillColor = flagged(c) ? Flagged : Normal,
            Label = Label(c),
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontName = ReportFonts.Family;
        var threshold = plot.Add.HorizontalLine(line, 2, Colors.Black, LinePattern.Dashed);
        threshold.LegendText = lineLabel;
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            classes.Select((_, i) => (double)i).ToArray(),
            classes.Select(c => c.Label.ToString()).ToArray());
        double top = Math.Max(line, classes.Max(Drawn));
        double bottom = Math.Min(0, classes.Min(Drawn));
        double span = Math.Max(top - bottom, 1);
        // Room below for the value labels of negative bars and above for the tallest one's.
        plot.Axes.SetLimitsY(bottom < 0 ? bottom - 0.12 * span : 0, top + 0.15 * span);
        return plot;
    }
}
