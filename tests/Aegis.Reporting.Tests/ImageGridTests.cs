using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting.Tests;

public class ImageGridTests
{
    /// <summary>Images whose every pixel is k / count in every channel but the last, which is 1 − k / count.</summary>
    private static float[] Ramp(int count, ImageShape shape)
    {
        var images = new float[count * shape.Size];
        int plane = shape.Height * shape.Width;
        for (int k = 0; k < count; k++)
            for (int c = 0; c < shape.Channels; c++)
            {
                float value = c == 2 ? 1 - (float)k / count : (float)k / count;
                Array.Fill(images, value, k * shape.Size + c * plane, plane);
            }
        return images;
    }

    [Fact]
    public void PlacesImageKInRowMajorCellsAtScale()
    {
        var shape = new ImageShape(1, 28, 28);
        var options = new ImageGridOptions { Scale = 3, Columns = 4 };
        var rows = new[] { 9, 3, 0, 5, 7, 1 };

        using var grid = PngAssert.RoundTrip(ImageGrid.Render(Ramp(10, shape), shape, rows, options));

        Assert.Equal(1 + 4 * (84 + 1), grid.Width);
        Assert.Equal(1 + 2 * (84 + 1), grid.Height);
        var layout = ImageGrid.Layout(shape, rows.Length, options);
        for (int k = 0; k < rows.Length; k++)
        {
            var (left, top) = layout.CellOrigin(k);
            Assert.Equal((1 + k % 4 * 85, 1 + k / 4 * 85), (left, top));
            byte expected = ImagePixels.ToByte(rows[k] / 10f);
            foreach (var (x, y) in new[] { (left, top), (left + 83, top + 83), (left + 40, top + 40) })
                Assert.Equal(new SKColor(expected, expected, expected), grid.GetPixel(x, y));
        }
        Assert.Equal(options.SeparatorColor, grid.GetPixel(0, 10));
        Assert.Equal(options.SeparatorColor, grid.GetPixel(85, 10));
        Assert.Equal(options.SeparatorColor, grid.GetPixel(10, 85));
    }

    [Fact]
    public void DrawsRgbImagesChannelByChannel()
    {
        var shape = new ImageShape(3, 32, 32);
        var options = new ImageGridOptions { Scale = 2, Columns = 8 };

        using var grid = PngAssert.RoundTrip(ImageGrid.Render(Ramp(4, shape), shape, [0, 1, 2, 3], options));

        Assert.Equal(1 + 4 * 65, grid.Width);
        var layout = ImageGrid.Layout(shape, 4, options);
        for (int k = 0; k < 4; k++)
        {
            var (left, top) = layout.CellOrigin(k);
            byte up = ImagePixels.ToByte(k / 4f), down = ImagePixels.ToByte(1 - k / 4f);
            Assert.Equal(new SKColor(up, up, down), grid.GetPixel(left + 5, top + 5));
        }
    }

    [Fact]
    public void CaptionSitsAboveTheGridAndWidensANarrowGrid()
    {
        var shape = new ImageShape(1, 28, 28);
        var options = new ImageGridOptions { Caption = "class 7 · cluster 1 — 1 of 1 translated images" };

        using var grid = PngAssert.RoundTrip(ImageGrid.Render(Ramp(1, shape), shape, [0], options));

        var layout = ImageGrid.Layout(shape, 1, options);
        Assert.True(layout.Top > 0);
        Assert.True(grid.Width > layout.Width, "caption wider than one image should widen the picture");
        Assert.Equal(layout.Top + layout.Height, grid.Height);
        int ink = PngAssert.CountPixels(grid, c => c.Red < 128 && c.Green < 128 && c.Blue < 128);
        Assert.True(ink > 50, $"caption text should put dark pixels on the picture, found {ink}");
    }

    [Fact]
    public void RefusesImagesItCannotDraw()
    {
        Assert.Throws<ArgumentException>(() => ImageGrid.Render(new float[2 * 16], new ImageShape(2, 4, 4), [0]));
        var outside = Assert.Throws<ArgumentException>(() => ImageGrid.Render(new float[16], new ImageShape(1, 4, 4), [1]));
        Assert.Contains("outside", outside.Message);
    }
}
