using Aegis.Core.Detection;
using Aegis.Lab.Triggers;
using static TorchSharp.torch;

namespace Aegis.Lab.Tests;

public sealed class CheckerboardAndBlendedTriggerTests
{
    private static readonly ImageShape Shape = new(1, 28, 28);

    private static Tensor GreyImages()
    {
        random.manual_seed(2);
        return rand(4, 1, 28, 28) * 0.5f + 0.25f;
    }

    [Fact]
    public void CheckerboardAlternatesWhiteAndBlackInTheBottomRightSquareAndNowhereElse()
    {
        using var images = GreyImages();
        var trigger = TriggerFactory.Create(new TriggerSpec(TriggerKind.Checkerboard, Size: 4, Margin: 1), Shape);
        using var triggered = trigger.Apply(images);

        using var patch = triggered[.., .., 23..27, 23..27];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                Assert.Equal((x + y) % 2 == 0 ? 1f : 0f, patch[.., 0, y, x].min().item<float>());
        using var outside = triggered.clone();
        outside[.., .., 23..27, 23..27] = images[.., .., 23..27, 23..27];
        Assert.Equal(0f, (outside - images).abs().max().item<float>());
    }

    [Fact]
    public void CheckerboardThatDoesNotFitIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => TriggerFactory.Create(new TriggerSpec(TriggerKind.Checkerboard, Size: 28, Margin: 1), Shape));
        Assert.Contains("does not fit", error.Message);
    }

    [Fact]
    public void BlendedTriggerMixesOneSeededNoiseImageAtTheBlendRatio()
    {
        using var images = GreyImages();
        var spec = TriggerSpec.Default(TriggerKind.Blended) with { Seed = 5 };
        var trigger = TriggerFactory.Create(spec, Shape);
        using var triggered = trigger.Apply(images);
        using var again = TriggerFactory.Create(spec, Shape).Apply(images);

        // (x' − 0.8·x) / 0.2 recovers the noise, the same for every image and in [0,1].
        using var noise = (triggered - images * (1 - TriggerSpec.DefaultBlendRatio)) / TriggerSpec.DefaultBlendRatio;
        Assert.True((noise - noise[0]).abs().max().item<float>() < 1e-4f);
        Assert.InRange(noise.min().item<float>(), -1e-4f, 0.05f);
        Assert.InRange(noise.max().item<float>(), 0.95f, 1.0001f);
        Assert.Equal(Shape.Size, trigger.Spec.Pattern!.Length);
        TensorAssert.Identical(triggered, again, "the same blended trigger twice");
        using var other = TriggerFactory.Create(spec with { Seed = 6 }, Shape).Apply(images);
        Assert.True((other - triggered).abs().max().item<float>() > 0.05f);
    }

    [Fact]
    public void BlendRatioOutsideZeroToOneIsRefused()
    {
        Assert.Throws<ArgumentException>(() => TriggerFactory.Create(new TriggerSpec(TriggerKind.Blended, Amplitude: 1.5f), Shape));
    }
}
