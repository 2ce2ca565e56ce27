using Aegis.Core.Detection;
using SkiaSharp;

namespace Aegis.Reporting.Tests;

public sealed class NeuralCleanseImagesTests
{
    private static readonly ImageShape Gray = new(1, 28, 28);

    [Fact]
    public void ClassPictureShowsTheMaskThePatternAndTheirProductWhereTheyBelong()
    {
        // A 4x4 mask at rows/cols 23..26 over a pattern that is 0.5 everywhere.
        var trigger = Trigger(7, Gray, (x, y) => x >= 23 && x < 27 && y >= 23 && y < 27, 0.5f);
        const int scale = 4;

        using var picture = PngAssert.RoundTrip(NeuralCleanseImages.RenderClass(trigger, Result(7, suspicious: true), Gray, scale));

        var grey = new SKColor(128, 128, 128);
        foreach (var (x, y, inside) in new[] { (24, 24, true), (5, 5, false), (26, 23, true), (22, 24, false) })
        {
            Assert.Equal(inside ? SKColors.White : SKColors.Black, Pixel(picture, NeuralCleanseImages.ClassPanelOrigin(Gray, scale, 0), scale, x, y));
            Assert.Equal(grey, Pixel(picture, NeuralCleanseImages.ClassPanelOrigin(Gray, scale, 1), scale, x, y));
            Assert.Equal(inside ? grey : SKColors.Black, Pixel(picture, NeuralCleanseImages.ClassPanelOrigin(Gray, scale, 2), scale, x, y));
        }
    }

    [Fact]
    public void ColourPatternsKeepTheirColourUnderTheMask()
    {
        var shape = new ImageShape(3, 32, 32);
        var trigger = Trigger(2, shape, (x, y) => x < 8 && y < 8, 0f) with { Pattern = RedPattern(shape) };

        using var picture = PngAssert.RoundTrip(NeuralCleanseImages.RenderClass(trigger, Result(2, suspicious: false), shape, 3));

        Assert.Equal(new SKColor(255, 0, 0), Pixel(picture, NeuralCleanseImages.ClassPanelOrigin(shape, 3, 2), 3, 3, 3));
        Assert.Equal(SKColors.Black, Pixel(picture, NeuralCleanseImages.ClassPanelOrigin(shape, 3, 2), 3, 20, 20));
    }

    [Fact]
    public void OverviewPutsTheFlaggedClassFirstThenTheSmallestMasks()
    {
        // Class k's mask covers column k only, so each panel can be told apart by its white column.
        var triggers = Enumerable.Range(0, 4).Select(k => Trigger(k, Gray, (x, _) => x == k, 1f)).ToArray();
        var results = new[]
        {
            Result(0, suspicious: false, maskL1: 50),
            Result(1, suspicious: false, maskL1: 20),
            Result(2, suspicious: true, maskL1: 30),
            Result(3, suspicious: false, maskL1: 90),
        };
        const int scale = 3;

        using var picture = PngAssert.RoundTrip(NeuralCleanseImages.RenderOverview(triggers, results, Gray, scale));

        int[] expectedOrder = [2, 1, 0, 3];
        Assert.Equal(expectedOrder, NeuralCleanseReport.Order(results).Select(r => r.Label));
        for (int i = 0; i < expectedOrder.Length; i++)
        {
            var origin = NeuralCleanseImages.OverviewPanelOrigin(Gray, scale, i);
            Assert.Equal(SKColors.White, Pixel(picture, origin, scale, expectedOrder[i], 10));
            Assert.Equal(SKColors.Black, Pixel(picture, origin, scale, (expectedOrder[i] + 1) % 4, 10));
        }
    }

    [Fact]
    public void TriggersOfTheWrongSizeAreRefused()
    {
        var trigger = Trigger(1, Gray, (_, _) => true, 1f) with { Mask = new float[10] };

        var error = Assert.Throws<ArgumentException>(() => NeuralCleanseImages.RenderClass(trigger, Result(1, false), Gray));
        Assert.Contains("needs 784", error.Message);
        Assert.Throws<ArgumentException>(() => NeuralCleanseImages.RenderOverview([], [], Gray));
    }

    private static SKColor Pixel(SKBitmap picture, (int Left, int Top) origin, int scale, int x, int y) =>
        picture.GetPixel(origin.Left + x * scale + scale / 2, origin.Top + y * scale + scale / 2);

    private static NeuralCleanseTrigger Trigger(int label, ImageShape shape, Func<int, int, bool> inMask, float patternValue)
    {
        var mask = new float[shape.Height * shape.Width];
        for (int y = 0; y < shape.Height; y++)
            for (int x = 0; x < shape.Width; x++)
                mask[y * shape.Width + x] = inMask(x, y) ? 1f : 0f;
        var pattern = Enumerable.Repeat(patternValue, shape.Size).ToArray();
        return new NeuralCleanseTrigger(label, mask, pattern, mask.Sum(), 1.0, Reached: true, Cost: 0.01, Epochs: 10);
    }

    private static float[] RedPattern(ImageShape shape)
    {
        var pattern = new float[shape.Size];
        Array.Fill(pattern, 1f, 0, shape.Height * shape.Width);
        return pattern;
    }

    private static NeuralCleanseClass Result(int label, bool suspicious, double maskL1 = 16) => new()
    {
        Label = label,
        MaskL1 = maskL1,
        AnomalyIndex = suspicious ? 4 : 0,
        LogAnomalyIndex = suspicious ? 6 : 0,
        DecidingIndex = suspicious ? 6 : 0,
        AttackSuccess = 1,
        HeldOutAttackSuccess = 0.99,
        Reached = true,
        Epochs = 10,
        Cost = 0.01,
        PublishedSuspicious = suspicious,
        Suspicious = suspicious,
    };
}
