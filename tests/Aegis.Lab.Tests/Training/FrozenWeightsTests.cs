using Aegis.Core.Detection;
using Aegis.Lab.Architectures;
using Aegis.Lab.Training;
using static TorchSharp.torch;

namespace Aegis.Lab.Tests.Training;

public sealed class FrozenWeightsTests
{
    private static readonly ImageShape Shape = new(1, 28, 28);

    private static Architectures.LabNetwork Network() => LabNetworkFactory.Create(LabArchitecture.SmallCnn, Shape, 10, [0.5f], [0.25f]);

    [Fact]
    public void WeightsAreFrozenInsideTheScopeAndTrainAgainAfterIt()
    {
        using var network = Network();
        using (new FrozenWeights(network))
        {
            Assert.All(network.parameters(), p => Assert.False(p.requires_grad));
            // The input still gets its gradient: that is what an attack needs.
            using var scope = NewDisposeScope();
            var x = rand(4, 1, 28, 28).requires_grad_(true);
            var gradient = autograd.grad([network.forward(x).sum()], [x])[0];
            Assert.Equal(x.shape, gradient.shape);
            Assert.True(gradient.abs().sum().item<float>() > 0);
        }
        Assert.All(network.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void AWeightFrozenBeforeTheScopeStaysFrozenAfterIt()
    {
        using var network = Network();
        var first = network.parameters().First();
        first.requires_grad = false;
        using (new FrozenWeights(network))
        {
        }
        Assert.False(first.requires_grad);
        Assert.All(network.parameters().Skip(1), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void ALabClassifierFreezesItsNetworkForTheScanner()
    {
        var network = Network();
        using var classifier = new LabClassifier("m", network, Shape, 10);
        Assert.All(network.parameters(), p => Assert.False(p.requires_grad));
    }
}
