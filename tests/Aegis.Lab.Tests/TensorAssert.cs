using static TorchSharp.torch;

namespace Aegis.Lab.Tests;

internal static class TensorAssert
{
    /// <summary>Bit-identical: same shape and every element equal.</summary>
    public static void Identical(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var same = expected.eq(actual).all();
        using var difference = (expected - actual).abs().max();
        Assert.True(same.item<bool>(), $"{what}: largest difference {difference.item<float>()}");
    }
}
