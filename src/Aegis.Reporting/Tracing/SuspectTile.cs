using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting.Tracing;

/// <summary>One sample enlarged, with the trigger region outlined in red where it borders pixels outside it.</summary>
internal static class SuspectTile
{
    public const int Scale = 4;
    private static readonly SKColor Outline = new(230, 30, 45);

    public static byte[] Png(float[] pixels, ImageShape shape, IReadOnlyCollection<int> region)
    {
        using var bitmap = Canvas.Blank(shape.Width * Scale, shape.Height * Scale);
        ImagePixels.Draw(bitmap, 0, 0, Scale, pixels, shape, 0);
        var inside = region.ToHashSet();
        foreach (int location in inside)
        {
            int x = location % shape.Width, y = location / shape.Width;
            int left = x * Scale, top = y * Scale;
            if (!inside.Contains(location - shape.Width) || y == 0)
                Canvas.FillRect(bitmap, left, top, Scale, 1, Outline);
            if (!inside.Contains(location + shape.Width) || y == shape.Height - 1)
                Canvas.FillRect(bitmap, left, top + Scale - 1, Scale, 1, Outline);
            if (x == 0 || !inside.Contains(location - 1))
                Canvas.FillRect(bitmap, left, top, 1, Scale, Outline);
            if (x == shape.Width - 1 || !inside.Contains(location + 1))
                Canvas.FillRect(bitmap, left + Scale - 1, top, 1, Scale, Outline);
        }
        return Reporting.Png.Encode(bitmap);
    }
}
