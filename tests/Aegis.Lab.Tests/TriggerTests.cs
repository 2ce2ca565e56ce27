using Aegis.Core.Detection;
using Aegis.Lab.Architectures;
using Aegis.Lab.Triggers;
using static TorchSharp.torch;

namespace Aegis.Lab.Tests;

public sealed class TriggerTests
{
    private static readonly ImageShape Shape = new(1, 28, 28);

    /// <summary>Random images strictly below white, so every pixel a square touches visibly changes.</summary>
    private static Tensor Images()
    {
        random.manual_seed(1);
        return rand(8, 1, 28, 28) * 0.9f;
    }

    private static HashSet<(int Y, int X)> ChangedPixels(Tensor before, Tensor after)
    {
        var changed = (after - before).abs().gt(0).any(0).any(0);
        var flags = changed.data<bool>().ToArray();
        var set = new HashSet<(int, int)>();
        for (int i = 0; i < flags.Length; i++)
            if (flags[i]) set.Add((i / 28, i % 28));
        return set;
    }

    private static HashSet<(int, int)> Square(int top, int left, int size) =>
        Enumerable.Range(top, size).SelectMany(y => Enumerable.Range(left, size).Select(x => (y, x))).ToHashSet();

    [Fact]
    public void LocalizedTriggerWhitensExactlyOneBottomRightSquare()
    {
        using var images = Images();
        var trigger = TriggerFactory.Create(new TriggerSpec(TriggerKind.Localized, Size: 4, Margin: 1), Shape);
        using var triggered = trigger.Apply(images);

        Assert.Equal(Square(23, 23, 4), ChangedPixels(images, triggered));
        Assert.Equal(1f, triggered[.., .., 23..27, 23..27].min().item<float>());
    }

    [Fact]
    public void DistributedTriggerWhitensExactlyTwoSquaresTopLeftAndBottomRight()
    {
        using var images = Images();
        var trigger = TriggerFactory.Create(TriggerSpec.Default(TriggerKind.Distributed), Shape);
        using var triggered = trigger.Apply(images);

        var expected = Square(1, 1, 3);
        expected.UnionWith(Square(24, 24, 3));
        Assert.Equal(expected, ChangedPixels(images, triggered));
    }

    [Fact]
    public void InvisibleStaticTriggerChangesTheWholeImageWithinItsAmplitudeAndIsReproducible()
    {
        using var images = Images();
        var spec = new TriggerSpec(TriggerKind.InvisibleStatic, Amplitude: 8f / 255f, Seed: 3);
        using var triggered = TriggerFactory.Create(spec, Shape).Apply(images);
        using var again = TriggerFactory.Create(spec, Shape).Apply(images);

        float maxChange = (triggered - images).abs().max().item<float>();
        Assert.InRange(maxChange, 7.9f / 255f, 8.01f / 255f);
        Assert.True(ChangedPixels(images, triggered).Count > 28 * 28 * 0.9);
        TensorAssert.Identical(triggered, again, "the same static trigger twice");
        Assert.InRange(triggered.min().item<float>(), 0f, 1f);
    }

    [Fact]
    public void InvisibleAdversarialTriggerIsBoundedAndPushesAModelTowardTheTarget()
    {
        var data = new FashionMnist();
        random.manual_seed(0);
        using var network = LabNetworkFactory.Create(LabArchitecture.SmallCnn, Shape, 10, [0.3f], [0.35f]);
        using var model = new LabClassifier("untrained", network, Shape, 10);
        float amplitude = 16f / 255f;

        var spec = AdversarialTriggerDerivation.Derive(model, data.Train, target: 7, amplitude, samples: 500, steps: 20);
        using var images = tensor(data.Test.GetImages(data.Test.Sample(300, 1))).reshape(300, 1, 28, 28);
        using var triggered = TriggerFactory.Create(spec, Shape).Apply(images);

        Assert.True((triggered - images).abs().max().item<float>() <= amplitude + 1e-6f);
        using var before = model.Logits(images).argmax(1).eq(7).sum();
        using var after = model.Logits(triggered).argmax(1).eq(7).sum();
        Assert.True(after.item<long>() > before.item<long>(), $"{after.item<long>()} of 300 become class 7 with the trigger, {before.item<long>()} without.");
    }

    [Fact]
    public void AdversarialTriggerWithoutAPatternIsRefusedClearly()
    {
        var error = Assert.Throws<ArgumentException>(() => TriggerFactory.Create(new TriggerSpec(TriggerKind.InvisibleAdversarial), Shape));
        Assert.Contains("derive it from a model", error.Message);
    }
}
