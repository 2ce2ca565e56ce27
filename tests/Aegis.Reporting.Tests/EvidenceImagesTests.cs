using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting.Tests;

public class EvidenceImagesTests
{
    [Theory]
    [InlineData(1, 28, 28)]
    [InlineData(3, 32, 32)]
    public void DifferenceHeatMapIsRedExactlyAtTheTrigger(int channels, int height, int width)
    {
        var shape = new ImageShape(channels, height, width);
        var (features, analysis) = SyntheticClass.Create(shape);
        var options = new EvidenceImagesOptions { Scale = 4 };

        using var picture = PngAssert.RoundTrip(EvidenceImages.Render(features, analysis, options));

        var layout = EvidenceImages.Layout(shape, analysis.ClusterCount, options);
        Assert.Equal((layout.Width, layout.Height), (picture.Width, picture.Height));
        var (left, top) = layout.PanelOrigin(row: 2, column: 2);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var pixel = picture.GetPixel(left + x * 4 + 2, top + y * 4 + 2);
                if (SyntheticClass.InTrigger(shape, x, y))
                    Assert.Equal(DivergingColorMap.Positive, pixel);
                else
                    Assert.Equal(SKColors.White, pixel);
            }

        // The trigger-free cluster differs from the clean mean nowhere.
        var (cleanLeft, cleanTop) = layout.PanelOrigin(row: 1, column: 2);
        Assert.Equal(SKColors.White, picture.GetPixel(cleanLeft + (width - 2) * 4, cleanTop + (height - 2) * 4));
    }

    [Fact]
    public void TriggerMapPanelGlowsAtTheTriggerAndIsBlackElsewhere()
    {
        var shape = new ImageShape(1, 28, 28);
        var (features, analysis) = SyntheticClass.Create(shape);
        var options = new EvidenceImagesOptions { Scale = 4 };

        using var picture = PngAssert.RoundTrip(EvidenceImages.Render(features, analysis, options));

        var (left, top) = EvidenceImages.Layout(shape, analysis.ClusterCount, options).PanelOrigin(row: 0, column: 2);
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                var pixel = picture.GetPixel(left + x * 4 + 2, top + y * 4 + 2);
                if (SyntheticClass.InTrigger(shape, x, y))
                    Assert.True(pixel.Red > 100, $"trigger pixel ({x}, {y}) is {pixel}");
                else
                    Assert.Equal(SequentialColorMap.Map(0), pixel);
            }
    }

    [Fact]
    public void SequentialColoursBrightenWithTheValue()
    {
        var brightness = new[] { 0, 0.2, 0.5, 0.8, 1, 2 }.Select(v => SequentialColorMap.Map(v)).Select(c => c.Red + c.Green + c.Blue).ToArray();
        Assert.Equal(brightness.Order(), brightness);
        Assert.Equal(SequentialColorMap.Map(1), SequentialColorMap.Map(2));
        Assert.Equal(new SKColor(0, 0, 0), SequentialColorMap.Map(double.NaN));
    }

    [Fact]
    public void MeanPanelsShowTheClusterAndCleanMeans()
    {
        var shape = new ImageShape(1, 28, 28);
        var (features, analysis) = SyntheticClass.Create(shape);
        var options = new EvidenceImagesOptions { Scale = 4 };

        using var picture = PngAssert.RoundTrip(EvidenceImages.Render(features, analysis, options));

        var layout = EvidenceImages.Layout(shape, analysis.ClusterCount, options);
        byte background = ImagePixels.ToByte(SyntheticClass.Background);
        var (meanLeft, meanTop) = layout.PanelOrigin(2, 0);
        Assert.Equal(new SKColor(255, 255, 255), picture.GetPixel(meanLeft + 27 * 4, meanTop + 27 * 4));
        Assert.Equal(new SKColor(background, background, background), picture.GetPixel(meanLeft, meanTop));
        var (cleanLeft, cleanTop) = layout.PanelOrigin(2, 1);
        Assert.Equal(new SKColor(background, background, background), picture.GetPixel(cleanLeft + 27 * 4, cleanTop + 27 * 4));
    }

    [Fact]
    public void NegativeDifferenceIsBlue()
    {
        Assert.Equal(DivergingColorMap.Negative, DivergingColorMap.Map(-2, 1));
        Assert.Equal(SKColors.White, DivergingColorMap.Map(0, 1));
        var half = DivergingColorMap.Map(0.5, 1);
        Assert.True(half.Red > half.Green && half.Red > half.Blue && half.Red < 255, $"half-positive should be a paler red, got {half}");
    }
}
