using Aegis.Core.Detection;

namespace Aegis.Reporting.Tests;

public class ClusterExamplesTests
{
    [Fact]
    public void SpreadPicksEvenlyOverTheClusterInOrder()
    {
        var rows = Enumerable.Range(100, 10).ToArray();

        Assert.Equal([100, 102, 104, 106, 108], ClusterExamples.Spread(rows, 5));
        Assert.Equal(rows, ClusterExamples.Spread(rows, 32));
    }

    [Fact]
    public void TranslatedOnlyClusterGetsOneGridOfTranslatedImages()
    {
        var shape = new ImageShape(1, 28, 28);
        var (features, analysis) = SyntheticClass.Create(shape, translated: 40, clean: 30, triggered: 24);
        var grid = new ImageGridOptions();

        using var picture = PngAssert.RoundTrip(ClusterExamples.Render(features, analysis, 1, 8, grid)!);

        var layout = ImageGrid.Layout(shape, 8, grid with { Caption = "x" });
        Assert.Equal(layout.Top + layout.Height, picture.Height);
        // Every example of the trigger cluster carries the white square in its corner.
        for (int k = 0; k < 8; k++)
        {
            var (left, top) = layout.CellOrigin(k);
            Assert.Equal(SkiaSharp.SKColors.White, picture.GetPixel(left + 27 * 3, top + 27 * 3));
            byte background = ImagePixels.ToByte(SyntheticClass.Background);
            Assert.Equal(new SkiaSharp.SKColor(background, background, background), picture.GetPixel(left, top));
        }
    }
}
