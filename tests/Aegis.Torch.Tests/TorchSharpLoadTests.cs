using static TorchSharp.torch;

namespace Aegis.Torch.Tests;

/// <summary>Proof that the native libtorch loads here (the GLIBCXX build fix) and autograd works.</summary>
[Collection(TorchCollection.Name)]
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void Conv2dForwardAndBackwardRun()
    {
        TorchRuntime.EnsureConfigured();
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(1, 4, 3);
        var input = ones(2, 1, 8, 8).requires_grad_(true);
        var output = conv.call(input);
        output.sum().backward();

        Assert.Equal([2L, 4, 6, 6], output.shape);
        Assert.NotNull(input.grad);
        Assert.True(input.grad!.abs().sum().item<float>() > 0);
        Assert.True(get_num_threads() >= 1);
    }
}
