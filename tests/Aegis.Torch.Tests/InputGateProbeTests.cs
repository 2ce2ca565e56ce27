using Aegis.Core.Datasets;
using Aegis.Core.Detection;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class InputGateProbeTests(ModelCache models)
{
    [Fact]
    public void SubQuantumNoiseMovesEveryPixelOffTheGridAndRoundingUndoesIt()
    {
        var images = TestData.TestSet.GetImages(Enumerable.Range(0, 20).ToArray());

        var noisy = InputGateProbe.SubQuantumNoise(images, new Random(1));

        Assert.All(noisy, p => Assert.InRange(p, 0f, 1f));
        Assert.True(noisy.Count(p => Math.Abs(p * 255 - MathF.Round(p * 255)) > 0.05) > 0.8 * noisy.Length);
        var rounded = (float[])noisy.Clone();
        PixelGrid.Snap(rounded);
        Assert.Equal(images, rounded);
    }

    [Fact]
    public void TheReencodedImagesAreTheSameLevelsInAnotherFloat()
    {
        int[] indices = [0, 1, 2];
        var loaded = TestData.TestSet.GetImages(indices);

        var reencoded = InputGateProbe.Reencoded(TestData.TestSet, indices);

        Assert.True(loaded.Zip(reencoded).Count(p => p.First != p.Second) > 100, "the two decodings should differ in the last bit for many pixels");
        Assert.All(loaded.Zip(reencoded), p => Assert.Equal(PixelLevels.Nearest(p.First), PixelLevels.Nearest(p.Second)));
    }

    [Fact]
    public void DitheringMovesAFewLevelsByOneAndChangesMostImagesSumOfLevels()
    {
        int[] indices = Enumerable.Range(0, 40).ToArray();
        var loaded = TestData.TestSet.GetImages(indices);

        var dithered = InputGateProbe.Dithered(TestData.TestSet, indices, new Random(2));

        Assert.All(dithered, p => Assert.Equal(PixelLevels.Value(PixelLevels.Nearest(p)), p));
        Assert.All(loaded.Zip(dithered), p => Assert.InRange(PixelLevels.Nearest(p.Second) - PixelLevels.Nearest(p.First), -1, 1));
        var moved = indices.Select(n => Enumerable.Range(n * 784, 784).Count(p => loaded[p] != dithered[p])).ToArray();
        Assert.All(moved, m => Assert.InRange(m, 1, 40));
        int changedSums = indices.Count(n => Enumerable.Range(n * 784, 784).Sum(p => PixelLevels.Nearest(loaded[p])) != Enumerable.Range(n * 784, 784).Sum(p => PixelLevels.Nearest(dithered[p])));
        Assert.True(changedSums > 28, $"{changedSums} of 40 sums of levels changed");
    }

    [Fact]
    public void AnHonestModelAnswersEveryChangeAlmostExactlyAsTheReference()
    {
        var probe = new InputGateProbe(models.Get("robust_clean"), batchSize: 64).Run(TestData.TestSet, 150, seed: 3);

        Assert.Equal(150, probe.Images);
        Assert.Equal(InputGateVariants.All.Count, probe.Variants.Count);
        for (int v = 0; v < probe.Variants.Count; v++)
        {
            Assert.All(probe.Finite[v], Assert.True);
            double largest = probe.Reference.Zip(probe.Variants[v]).Max(p => Math.Abs(p.First - p.Second));
            // The batch changes only reorder float sums; the noise and the dither move a robust model's logits by a few hundredths at most.
            bool moved = InputGateVariants.All[v] is InputGateVariants.SubQuantumNoise or InputGateVariants.Dithered;
            Assert.True(largest < (moved ? 0.1 : 1e-3), $"{InputGateVariants.All[v]}: logits moved {largest}");
        }
    }
}
