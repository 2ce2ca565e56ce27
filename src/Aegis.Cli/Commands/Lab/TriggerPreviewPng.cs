using SkiaSharp;

namespace Aegis.Cli.Commands.Lab;

/// <summary>
/// Writes clean | triggered | amplified difference side by side as one PNG, enlarged with
/// nearest-neighbour so single pixels stay visible. The difference panel makes invisible
/// triggers visible: it is scaled so the trigger's amplitude maps to full brightness.
/// </summary>
public static class TriggerPreviewPng
{
    private const int Gap = 2;

    /// <param name="clean">C*H*W floats in [0,1] (C = 1 or 3).</param>
    public static void Write(string path, float[] clean, float[] triggered, int channels, int height, int width, float differenceScale, int zoom = 6)
    {
        int panelWidth = width * zoom;
        using var bitmap = new SKBitmap(panelWidth * 3 + Gap * 2, height * zoom, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(new SKColor(128, 0, 128));
        var difference = clean.Zip(triggered, (a, b) => Math.Clamp(Math.Abs(b - a) * differenceScale, 0f, 1f)).ToArray();
        float[][] panels = [clean, triggered, difference];
        for (int panel = 0; panel < panels.Length; panel++)
        {
            for (int y = 0; y < height * zoom; y++)
            {
                for (int x = 0; x < panelWidth; x++)
                {
                    int pixel = (y / zoom) * width + x / zoom;
                    bitmap.SetPixel(panel * (panelWidth + Gap) + x, y, Colour(panels[panel], pixel, channels, height * width));
                }
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static SKColor Colour(float[] image, int pixel, int channels, int planeSize)
    {
        byte Channel(int c) => (byte)Math.Round(Math.Clamp(image[c * planeSize + pixel], 0f, 1f) * 255);
        return channels >= 3 ? new SKColor(Channel(0), Channel(1), Channel(2)) : new SKColor(Channel(0), Channel(0), Channel(0));
    }
}
