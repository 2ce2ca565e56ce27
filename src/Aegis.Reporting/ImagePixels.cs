using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>Reads pixel colours out of NCHW float images in [0,1]: one channel is grayscale, three are RGB.</summary>
public static class ImagePixels
{
    public static void EnsureDrawable(ImageShape shape)
    {
        if (shape.Channels != 1 && shape.Channels != 3)
            throw new ArgumentException($"Cannot draw {shape} images: only 1 (grayscale) or 3 (RGB) channels can be shown.");
        if (shape.Height <= 0 || shape.Width <= 0)
            throw new ArgumentException($"Cannot draw {shape} images: they have no pixels.");
    }

    /// <summary>The colour of pixel (x, y) of image <paramref name="index"/> in <paramref name="images"/>.</summary>
    public static SKColor Color(float[] images, ImageShape shape, int index, int x, int y)
    {
        int plane = shape.Height * shape.Width;
        int offset = index * shape.Size + y * shape.Width + x;
        byte r = ToByte(images[offset]);
        if (shape.Channels == 1)
            return new SKColor(r, r, r);
        return new SKColor(r, ToByte(images[offset + plane]), ToByte(images[offset + 2 * plane]));
    }

    /// <summary>Draws image <paramref name="index"/>, each pixel a <paramref name="scale"/>-pixel square.</summary>
    internal static void Draw(SKBitmap target, int left, int top, int scale, float[] images, ImageShape shape, int index)
    {
        for (int y = 0; y < shape.Height; y++)
            for (int x = 0; x < shape.Width; x++)
                Canvas.FillBlock(target, left, top, scale, x, y, Color(images, shape, index, x, y));
    }

    public static byte ToByte(float value) =>
        float.IsNaN(value) ? (byte)0 : (byte)Math.Round(Math.Clamp(value, 0f, 1f) * 255f);
}
