using static TorchSharp.torch;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class ImageTranslatorTests(ModelCache models)
{
    private static readonly TranslationOptions SmallBall = new() { Epsilon = 3.0, Steps = 12, StepSize = 0.5, BatchSize = 7 };

    [Fact]
    public void TranslationRaisesTheTargetProbabilityWithinTheBallAndPixelRange()
    {
        var model = models.Get("robust_local");
        var seedIndices = TestData.TestSet.Sample(20, seed: 3);
        var seeds = TestData.TestSet.GetImages(seedIndices);
        const int target = 4;

        var options = SmallBall with { Epsilon = 6.0, Steps = 20 };

        var result = new ImageTranslator(model).Translate(seeds, target, options);

        Assert.Equal(seeds.Length, result.Images.Length);
        Assert.Equal(20, result.Count);
        double before = TargetProbability(model, seeds, target), after = TargetProbability(model, result.Images, target);
        Assert.True(after > before + 0.4, $"target probability {before} -> {after}");
        Assert.All(result.Images, p => Assert.InRange(p, 0f, 1f));
        // Stored on the 8-bit grid: rounding may carry an image at most half a level per pixel past the ball.
        double rounding = 0.5 / 255 * Math.Sqrt(784);
        for (int i = 0; i < 20; i++)
        {
            double distance = Math.Sqrt(Enumerable.Range(i * 784, 784).Sum(p => Math.Pow(result.Images[p] - seeds[p], 2)));
            Assert.True(distance <= options.Epsilon + rounding, $"image {i} moved {distance}");
        }
        Assert.Equal(result.Predictions.Count(p => p == target) / 20.0, result.SuccessRate);
    }

    [Fact]
    public void TranslationIsDeterministicAndBatchIndependent()
    {
        var model = models.Get("robust_local");
        var seeds = TestData.TestSet.GetImages(TestData.TestSet.Sample(10, seed: 5));
        var translator = new ImageTranslator(model);

        var first = translator.Translate(seeds, 7, SmallBall);
        var again = translator.Translate(seeds, 7, SmallBall);
        var oneBatch = translator.Translate(seeds, 7, SmallBall with { BatchSize = 10 });

        Assert.Equal(first.Images, again.Images);
        // Another batch size reorders float sums; on the grid that can tip a pixel that lay on a level's edge to the next level.
        int differing = 0;
        for (int p = 0; p < seeds.Length; p++)
        {
            Assert.True(Math.Abs(first.Images[p] - oneBatch.Images[p]) < 1.5 / 255);
            differing += first.Images[p] != oneBatch.Images[p] ? 1 : 0;
        }
        Assert.True(differing < seeds.Length / 1000, $"{differing} of {seeds.Length} pixels differ");
    }

    [Fact]
    public void RowsOfOneBatchCanAimAtDifferentLabels()
    {
        var model = models.Get("robust_local");
        var seeds = TestData.TestSet.GetImages(TestData.TestSet.Sample(8, seed: 9));
        int[] targets = [0, 1, 2, 3, 0, 1, 2, 3];
        var translator = new ImageTranslator(model);

        var mixed = translator.Translate(seeds, targets, SmallBall with { BatchSize = 8 });
        var onlyThree = translator.Translate(seeds.AsSpan(3 * 784, 784).ToArray(), 3, SmallBall);

        Assert.True(Enumerable.Range(0, 784).All(p => Math.Abs(mixed.Images[3 * 784 + p] - onlyThree.Images[p]) < 1.5 / 255));
        Assert.True(Enumerable.Range(0, 784).Count(p => mixed.Images[3 * 784 + p] != onlyThree.Images[p]) <= 2);
    }

    [Fact]
    public void CancellationStopsTranslation()
    {
        var model = models.Get("robust_local");
        var seeds = TestData.TestSet.GetImages([0, 1]);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new ImageTranslator(model).Translate(seeds, 1, SmallBall, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void ProgressEndsAtOne()
    {
        var model = models.Get("robust_local");
        var seeds = TestData.TestSet.GetImages([0, 1, 2]);
        var reports = new List<double>();
        new ImageTranslator(model).Translate(seeds, 1, SmallBall with { BatchSize = 2, Steps = 3 }, new SyncProgress(reports.Add));
        Assert.Equal(6, reports.Count);
        Assert.Equal(1.0, reports[^1], 6);
        Assert.Equal(reports.Order(), reports);
    }

    private static double TargetProbability(Models.IImageClassifier model, float[] images, int target)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var logits = model.Logits(tensor(images, [images.Length / 784, 1, 28, 28]));
        return nn.functional.softmax(logits, 1)[.., target].mean().item<float>();
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
