using Aegis.Torch.NeuralCleanse;
using static TorchSharp.torch;

namespace Aegis.Torch.Tests.NeuralCleanse;

public sealed class RowAdamTests
{
    [Fact]
    public void MatchesTorchAdamWithNeuralCleanseBetas()
    {
        random.manual_seed(3);
        using var start = randn(3, 4);
        using var target = randn(3, 4);
        using var mine = new RowAdam(start.clone(), learningRate: 0.1);
        using var reference = new TorchSharp.Modules.Parameter(start.clone());
        using var adam = optim.Adam([reference], lr: 0.1, beta1: 0.5, beta2: 0.9, eps: 1e-7);

        for (int step = 0; step < 25; step++)
        {
            using var scope = NewDisposeScope();
            mine.Step(Gradient(mine.Parameter, target));
            adam.zero_grad();
            (reference - target).pow(2).sum().backward();
            adam.step();
        }

        Assert.True((mine.Parameter - reference.detach()).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void DroppingRowsLeavesTheKeptRowsOnThePathTheyHad()
    {
        random.manual_seed(4);
        using var start = randn(3, 5);
        using var target = randn(3, 5);
        using var full = new RowAdam(start.clone(), learningRate: 0.1);
        using var dropped = new RowAdam(start.clone(), learningRate: 0.1);
        using var kept = tensor(new long[] { 0, 2 });

        for (int step = 0; step < 20; step++)
        {
            using var scope = NewDisposeScope();
            full.Step(Gradient(full.Parameter, target));
            if (step == 7)
                dropped.Keep(kept);
            dropped.Step(Gradient(dropped.Parameter, step < 7 ? target : target.index_select(0, kept)));
        }

        Assert.Equal([2L, 5L], dropped.Parameter.shape);
        Assert.True((full.Parameter.index_select(0, kept) - dropped.Parameter).abs().max().item<float>() < 1e-6f);
    }

    /// <summary>Gradient of ‖p − target‖².</summary>
    private static Tensor Gradient(Tensor parameter, Tensor target) => (parameter - target) * 2;
}
