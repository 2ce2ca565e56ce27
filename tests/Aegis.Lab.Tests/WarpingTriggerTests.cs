using Aegis.Core.Detection;
using Aegis.Lab.Triggers;
using static TorchSharp.torch;

namespace Aegis.Lab.Tests;

public sealed class WarpingTriggerTests
{
    private static readonly ImageShape Shape = new(1, 28, 28);

    /// <summary>A smooth image (a diagonal ramp), so a sub-pixel warp changes it measurably but slightly.</summary>
    private static Tensor Ramp()
    {
        using var ys = arange(28).to_type(ScalarType.Float32).reshape(28, 1);
        using var xs = arange(28).to_type(ScalarType.Float32).reshape(1, 28);
        return ((ys + xs) / 54f).reshape(1, 1, 28, 28).expand(3, -1, -1, -1).contiguous();
    }

    [Fact]
    public void TheWarpMovesPixelsSlightlyAndEverywhereWithoutStampingAPatch()
    {
        using var images = Ramp();
        var trigger = TriggerFactory.Create(TriggerSpec.Default(TriggerKind.Warping) with { Seed = 4 }, Shape);
        using var warped = trigger.Apply(images);
        using var change = (warped - images).abs();

        // Interior pixels (the border samples the zero padding) move by at most about s = 1 pixel of the ramp.
        using var interior = change[.., .., 2..26, 2..26];
        Assert.True(interior.max().item<float>() < 2.5f / 54, $"largest change {interior.max().item<float>()}");
        Assert.True(interior.mean().item<float>() > 0.1f / 54, $"mean change {interior.mean().item<float>()}");
        // Changed in every quarter of the image: no local patch.
        foreach (var (y, x) in new[] { (2, 2), (2, 14), (14, 2), (14, 14) })
            Assert.True(change[.., .., y..(y + 12), x..(x + 12)].mean().item<float>() > 0.02f / 54);
    }

    [Fact]
    public void TheSameSpecWarpsIdenticallyAndAnotherSeedDifferently()
    {
        using var images = Ramp();
        var spec = TriggerSpec.Default(TriggerKind.Warping) with { Seed = 4 };
        var first = TriggerFactory.Create(spec, Shape);
        using var a = first.Apply(images);
        // Rebuilt from the stored field, as evaluation rebuilds it from model.json.
        using var b = TriggerFactory.Create(first.Spec, Shape).Apply(images);
        using var c = TriggerFactory.Create(spec with { Seed = 5 }, Shape).Apply(images);

        TensorAssert.Identical(a, b, "rebuilt warp");
        Assert.True((a - c).abs().max().item<float>() > 1e-3f);
        Assert.Equal(2 * 4 * 4, first.Spec.Pattern!.Length);
    }

    [Fact]
    public void NoiseModeJittersEachImageDifferentlyAroundTheWarp()
    {
        using var images = Ramp();
        var trigger = (WarpingTrigger)TriggerFactory.Create(TriggerSpec.Default(TriggerKind.Warping), Shape);
        using var generator = new Generator(3);
        using var warped = trigger.Apply(images);
        using var noisy = trigger.ApplyNoise(images, generator);

        Assert.True((noisy - warped).abs().max().item<float>() > 1e-3f);
        // The three copies of one image were jittered independently.
        Assert.True((noisy[0] - noisy[1]).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void AWarpFieldOfTheWrongSizeOrAControlGridOfOneIsRefused()
    {
        Assert.Throws<ArgumentException>(() => TriggerFactory.Create(TriggerSpec.Default(TriggerKind.Warping) with { Size = 1 }, Shape));
        Assert.Throws<ArgumentException>(() => TriggerFactory.Create(TriggerSpec.Default(TriggerKind.Warping) with { Pattern = new float[5] }, Shape));
        Assert.Throws<ArgumentException>(() => TriggerFactory.Create(TriggerSpec.Default(TriggerKind.Warping) with { Amplitude = 0 }, Shape));
    }

    [Fact]
    public void ATopLeftSquareStampsTheTopLeftCornerOnly()
    {
        using var images = zeros(2, 1, 28, 28);
        var trigger = TriggerFactory.Create(TriggerSpec.Default(TriggerKind.Localized) with { Corner = TriggerCorner.TopLeft }, Shape);
        using var stamped = trigger.Apply(images);

        Assert.Equal(1f, stamped[.., .., 1..5, 1..5].min().item<float>());
        Assert.Equal(16 * 2, stamped.sum().item<float>());
    }
}
