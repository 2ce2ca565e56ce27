using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>
/// Neural Cleanse's evidence: the reversed trigger of a class as three panels — the mask (white =
/// stamped), the pattern, and mask × pattern (what the stamp paints; black where nothing is) — and an
/// overview of every class's mask × pattern, flagged classes first, then smallest mask first, so the
/// planted trigger is the first thing a reader sees.
/// </summary>
public static class NeuralCleanseImages
{
    private const int Margin = 8;
    private const int Gap = 10;
    private const int LabelHeight = 18;
    private const float TitleSize = 14;
    private const float LabelSize = 12;
    private static readonly SKColor Flagged = new(178, 24, 43);

    /// <summary>One class: mask | pattern | mask × pattern, under a title with its numbers.</summary>
    public static SKBitmap RenderClass(NeuralCleanseTrigger trigger, NeuralCleanseClass result, ImageShape shape, int scale = 5)
    {
        ArgumentNullException.ThrowIfNull(result);
        Validate(trigger, shape, scale);
        string title = Title(result);
        var (_, top) = ClassPanelOrigin(shape, scale, 0);
        int width = Math.Max(ClassPanelOrigin(shape, scale, 2).Left + shape.Width * scale + Margin,
            (int)Math.Ceiling(Canvas.TextWidth(title, TitleSize, bold: true)) + 2 * Margin);
        var bitmap = Canvas.Blank(width, top + shape.Height * scale + Margin);
        Canvas.Text(bitmap, title, Margin, Margin, TitleSize, bold: true, color: result.Suspicious ? Flagged : null);
        string[] labels = ["mask", "pattern", "mask × pattern"];
        var images = new[] { trigger.Mask, trigger.Pattern, Stamp(trigger, shape) };
        for (int p = 0; p < 3; p++)
        {
            var (left, panelTop) = ClassPanelOrigin(shape, scale, p);
            Canvas.Text(bitmap, labels[p], left, panelTop - LabelHeight, LabelSize);
            ImagePixels.Draw(bitmap, left, panelTop, scale, images[p], p == 0 ? shape with { Channels = 1 } : shape, 0);
        }
        return bitmap;
    }

    /// <summary>Top-left corner of panel 0 (mask), 1 (pattern) or 2 (mask × pattern) of <see cref="RenderClass"/>.</summary>
    public static (int Left, int Top) ClassPanelOrigin(ImageShape shape, int scale, int panel) =>
        (Margin + panel * (shape.Width * scale + Gap), PanelTop);

    /// <summary>Every class's mask × pattern in a row, in <see cref="NeuralCleanseReport.Order"/>, each captioned with its label and the anomaly index the verdict's rule compared.</summary>
    public static SKBitmap RenderOverview(IReadOnlyList<NeuralCleanseTrigger> triggers, IReadOnlyList<NeuralCleanseClass> results, ImageShape shape, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(results);
        if (triggers.Count == 0)
            throw new ArgumentException("No reversed triggers to draw.");
        foreach (var trigger in triggers)
            Validate(trigger, shape, scale);
        var byLabel = triggers.ToDictionary(t => t.Label);
        var ordered = NeuralCleanseReport.Order(results).Where(r => byLabel.ContainsKey(r.Label)).ToArray();

        const string title = "Neural Cleanse: reversed trigger (mask × pattern) per class, flagged first · anomaly index";
        var last = OverviewPanelOrigin(shape, scale, ordered.Length - 1);
        int width = Math.Max(last.Left + OverviewPanelWidth(shape, scale) + Margin, (int)Math.Ceiling(Canvas.TextWidth(title, TitleSize, bold: true)) + 2 * Margin);
        var bitmap = Canvas.Blank(width, last.Top + shape.Height * scale + Margin);
        Canvas.Text(bitmap, title, Margin, Margin, TitleSize, bold: true);
        for (int i = 0; i < ordered.Length; i++)
        {
            var result = ordered[i];
            var (left, top) = OverviewPanelOrigin(shape, scale, i);
            Canvas.Text(bitmap, $"class {result.Label} · {result.DecidingIndex:0.0}", left, top - LabelHeight, LabelSize,
                bold: result.Suspicious, color: result.Suspicious ? Flagged : null);
            ImagePixels.Draw(bitmap, left, top, scale, Stamp(byLabel[result.Label], shape), shape, 0);
        }
        return bitmap;
    }

    /// <summary>Top-left corner of the i-th class (in <see cref="NeuralCleanseReport.Order"/>) of <see cref="RenderOverview"/>.</summary>
    public static (int Left, int Top) OverviewPanelOrigin(ImageShape shape, int scale, int index) =>
        (Margin + index * (OverviewPanelWidth(shape, scale) + Gap), PanelTop);

    /// <summary>mask · pattern per channel: the colours the stamp paints over an image.</summary>
    public static float[] Stamp(NeuralCleanseTrigger trigger, ImageShape shape)
    {
        int plane = shape.Height * shape.Width;
        var stamp = new float[shape.Size];
        for (int c = 0; c < shape.Channels; c++)
            for (int p = 0; p < plane; p++)
                stamp[c * plane + p] = trigger.Mask[p] * trigger.Pattern[c * plane + p];
        return stamp;
    }

    private static int PanelTop => Margin + (int)Math.Ceiling(TitleSize * 1.4f) + Gap + LabelHeight;

    /// <summary>Wide enough for the image and its caption.</summary>
    private static int OverviewPanelWidth(ImageShape shape, int scale) =>
        Math.Max(shape.Width * scale, (int)Math.Ceiling(Canvas.TextWidth("class 00 · -0.0", LabelSize, bold: true)));

    private static string Title(NeuralCleanseClass result) =>
        $"class {result.Label}{(result.Suspicious ? " — FLAGGED" : "")}: mask L1 {result.MaskL1:0.0}, anomaly index {result.DecidingIndex:0.00} (published {result.AnomalyIndex:0.00})";

    private static void Validate(NeuralCleanseTrigger trigger, ImageShape shape, int scale)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ImagePixels.EnsureDrawable(shape);
        if (scale < 1)
            throw new ArgumentException($"Scale must be at least 1 (got {scale}).");
        if (trigger.Mask.Length != shape.Height * shape.Width || trigger.Pattern.Length != shape.Size)
            throw new ArgumentException($"Class {trigger.Label}'s trigger has {trigger.Mask.Length} mask and {trigger.Pattern.Length} pattern values; a {shape} image needs {shape.Height * shape.Width} and {shape.Size}.");
    }
}
