namespace Aegis.ModelSafety.Tests;

/// <summary>
/// Real torch.jit.script exports of torchvision classifiers (PyTorch 1.13, tiny widths, random
/// weights; tools/torchscript-samples/export.py): what the serializer prints for dense blocks,
/// attention, batch norm, dropout, interpolation and softmax must pass the check.
/// </summary>
public class TorchvisionExportTests : IDisposable
{
    private const string DenseLayer = "code/__torch__/torchvision/models/densenet.py";
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name + ".pt");

    [Theory]
    [InlineData("densenet_tiny", "aten::cat")]
    [InlineData("vit_tiny", "aten::_native_multi_head_attention")]
    [InlineData("small_classifier", "aten::upsample_bilinear2d")]
    public void TorchvisionExportsPass(string name, string expectedOperator)
    {
        var report = ModelSafetyCheck.Check(Sample(name));

        Assert.True(report.IsSafe, report.Describe(20));
        Assert.Contains(expectedOperator, report.Inventory!.Operators);
    }

    [Fact]
    public void TheCountedWhileLoopOfADenseLayerPassesButOneWhoseCounterStallsDoesNot()
    {
        // DenseNet's any_requires_grad is a for loop with an early return, printed as a counted while.
        var stalled = HostileArchives.EditEntry(_folder, Sample("densenet_tiny"), DenseLayer, s =>
        {
            Assert.Contains("_24 = torch.add(_19, 1)", s);
            return s.Replace("_24 = torch.add(_19, 1)", "_24 = torch.add(_19, 0)");
        });

        var finding = Assert.Single(ModelSafetyCheck.Check(stalled).Findings);

        Assert.Equal("loop", finding.Rule);
        Assert.Equal($"{DenseLayer}:122", finding.Location);
    }

    [Fact]
    public void ACountedWhileLoopWhoseBoundMovesInsideTheLoopIsRefused()
    {
        var moving = HostileArchives.EditEntry(_folder, Sample("densenet_tiny"), DenseLayer, s =>
            s.Replace("      _24 = torch.add(_19, 1)\n", "      _24 = torch.add(_19, 1)\n      _16 = torch.add(_16, 1)\n"));

        Assert.Equal("loop", Assert.Single(ModelSafetyCheck.Check(moving).Findings).Rule);
    }
}
