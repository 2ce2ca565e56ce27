using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>
/// Bitmap primitives shared by the pictures: a blank RGBA canvas, nearest-neighbour blocks of
/// colour written straight into its pixels (fast, and exact — no smoothing blurs a 4x4 trigger),
/// and text.
/// </summary>
internal static class Canvas
{
    public static readonly SKColor Background = SKColors.White;
    public static readonly SKColor Ink = new(32, 32, 32);

    public static SKBitmap Blank(int width, int height, SKColor? fill = null)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"Cannot make a {width}x{height} picture.");
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(fill ?? Background);
        return bitmap;
    }

    /// <summary>Fills the <paramref name="scale"/>x<paramref name="scale"/> block of source pixel (x, y) drawn at <paramref name="left"/>, <paramref name="top"/>.</summary>
    public static void FillBlock(SKBitmap bitmap, int left, int top, int scale, int x, int y, SKColor color)
    {
        var pixels = bitmap.GetPixelSpan();
        int rowBytes = bitmap.RowBytes;
        int x0 = left + x * scale, y0 = top + y * scale;
        for (int dy = 0; dy < scale; dy++)
        {
            var row = pixels.Slice((y0 + dy) * rowBytes + x0 * 4, scale * 4);
            for (int dx = 0; dx < scale; dx++)
            {
                row[dx * 4] = color.Red;
                row[dx * 4 + 1] = color.Green;
                row[dx * 4 + 2] = color.Blue;
                row[dx * 4 + 3] = 255;
            }
        }
    }

    public static void FillRect(SKBitmap bitmap, int left, int top, int width, int height, SKColor color)
    {
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { Color = color, IsAntialias = false };
        canvas.DrawRect(left, top, width, height, paint);
    }

    public static float TextWidth(string text, float size, bool bold = false)
    {
        using var font = ReportFonts.Create(size, bold);
        return font.MeasureText(text);
    }

    /// <summary>Draws <paramref name="text"/> with its top at <paramref name="top"/>.</summary>
    public static void Text(SKBitmap bitmap, string text, float left, float top, float size, bool bold = false, SKColor? color = null)
    {
        using var canvas = new SKCanvas(bitmap);
        using var font = ReportFonts.Create(size, bold);
        using var paint = new SKPaint { Color = color ?? Ink, IsAntialias = true };
        canvas.DrawText(text, left, top - font.Metrics.Ascent, SKTextAlign.Left, font, paint);
    }

    /// <summary>Stacks pictures top to bottom, left-aligned, with <paramref name="gap"/> pixels between them.</summary>
    public static SKBitmap StackVertically(IReadOnlyList<SKBitmap> parts, int gap)
    {
        if (parts.Count == 0)
            throw new ArgumentException("Nothing to stack.");
        int width = parts.Max(p => p.Width);
        int height = parts.Sum(p => p.Height) + gap * (parts.Count - 1);
        var result = Blank(width, height);
        using var canvas = new SKCanvas(result);
        int top = 0;
        foreach (var part in parts)
        {
            canvas.DrawBitmap(part, 0, top);
            top += part.Height + gap;
        }
        return result;
    }
}
