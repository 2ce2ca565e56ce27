using SkiaSharp;

namespace Aegis.Reporting.Tests;

internal static class PngAssert
{
    /// <summary>Decodes PNG bytes with SkiaSharp, failing the test when they are not a PNG.</summary>
    public static SKBitmap Decode(byte[] png)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G',
            "not a PNG signature");
        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    public static SKBitmap DecodeFile(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>Encodes and decodes again, so assertions read what a viewer would.</summary>
    public static SKBitmap RoundTrip(SKBitmap bitmap)
    {
        using (bitmap)
            return Decode(Png.Encode(bitmap));
    }

    public static int CountPixels(SKBitmap bitmap, Func<SKColor, bool> match)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (match(bitmap.GetPixel(x, y)))
                    count++;
        return count;
    }
}
