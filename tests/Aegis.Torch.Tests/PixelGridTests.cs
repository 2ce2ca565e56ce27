using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.NeuralCleanse;
using static TorchSharp.torch;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class PixelGridTests(ModelCache models)
{
    /// <summary>A float32 level·255 lies within 2e-5 of its integer (the loader's 1/255 is not exact); a scanner-made image without the grid lies up to 0.5 away.</summary>
    private const double OnGrid = 1e-4;

    [Fact]
    public void ARealImageIsItsOwnSnapBitForBit()
    {
        var images = TestData.TestSet.GetImages(Enumerable.Range(0, 50).ToArray());
        using var scope = NewDisposeScope();

        var snapped = PixelGrid.Snap(tensor(images)).data<float>().ToArray();
        var span = (float[])images.Clone();
        PixelGrid.Snap(span);

        Assert.Equal(images, snapped);
        Assert.Equal(images, span);
    }

    [Fact]
    public void SnappedPixelsAreTheLoadersLevelsNearestTheInputClampedToTheUnitInterval()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 10_000).Select(_ => (float)(random.NextDouble() * 1.4 - 0.2)).ToArray();
        var levels = Enumerable.Range(0, PixelLevels.Max + 1).Select(PixelLevels.Value).ToHashSet();
        using var scope = NewDisposeScope();

        var snapped = PixelGrid.Snap(tensor(values)).data<float>().ToArray();

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Contains(snapped[i], levels);
            Assert.True(Math.Abs(snapped[i] - Math.Clamp(values[i], 0f, 1f)) <= 0.5 / PixelLevels.Max + 1e-6, $"{values[i]} -> {snapped[i]}");
        }
    }

    [Fact]
    public void TheGradientPassesStraightThroughTheRounding()
    {
        using var scope = NewDisposeScope();
        var x = rand(4, 1, 28, 28).requires_grad_(true);
        var weights = randn(4, 1, 28, 28);

        var y = PixelGrid.Snap(x);
        var gradient = autograd.grad([(y * weights).sum()], [x])[0];

        Assert.True(gradient.allclose(weights));
        Assert.Equal(PixelGrid.Snap(x.detach()).data<float>().ToArray(), y.detach().data<float>().ToArray());
    }

    [Fact]
    public async Task EveryImageTheScannerFeedsAModelLiesOnTheGrid()
    {
        var model = new GridRecorder(models.Get("robust_local"));
        var seeds = TestData.TestSet.GetImages(Enumerable.Range(0, 20).ToArray());
        var translation = new TranslationOptions { Epsilon = 6, Steps = 5, StepSize = 0.7, BatchSize = 10 };

        var translated = new ImageTranslator(model).Translate(seeds, 7, translation);
        new FeatureExtractor(model).Extract(translated.Images);
        new RobustnessCheck(model, 50).Run(TestData.TestSet, new RobustnessParameters { Samples = 50, Steps = 3 });
        new FeatureProbe(model).Run(TestData.TrainingSet, 40, seed: 1, translation);
        // A patch lifted from translations is a median: it may fall between two levels.
        var patch = new TriggerCandidate { Source = "all", Images = 2, Locations = [27 * 28 + 27, 27 * 28 + 26], Pattern = [0.123f, 0.456f] };
        await new TriggerProbe(model, TestData.TestSet, new TriggerProbeParameters { ProbesPerClass = 5 }, seed: 2).ProbeAsync(7, [patch]);
        new NeuralCleanseReversal(model).Run(TestData.TrainingSet, TestData.TestSet, [3, 7], new NeuralCleanseParameters { Images = 32, MaxEpochs = 2, VerificationImages = 20 });

        Assert.True(model.Images > 1000, $"{model.Images} images recorded");
        Assert.True(model.LargestDistance < OnGrid, $"an image lay {model.LargestDistance} levels off the grid");
        Assert.All(translated.Images, p => Assert.Equal(PixelLevels.Value(PixelLevels.Nearest(p)), p));
    }
}
