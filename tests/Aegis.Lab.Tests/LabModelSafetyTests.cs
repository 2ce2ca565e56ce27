using Aegis.Core.Detection;
using Aegis.Lab.Architectures;
using Aegis.Lab.Storage;
using Aegis.ModelSafety;

namespace Aegis.Lab.Tests;

/// <summary>The static model check on lab models as the lab writes them (real TorchSharp weights files).</summary>
public sealed class LabModelSafetyTests
{
    [Theory]
    [InlineData(LabArchitecture.SmallCnn, 1, 28)]
    [InlineData(LabArchitecture.ResNet18, 3, 32)]
    public void ASavedLabModelPassesAndItsTensorsAreCounted(LabArchitecture architecture, int channels, int size)
    {
        using var folder = new TempDirectory();
        var shape = new ImageShape(channels, size, size);
        using var network = LabNetworkFactory.Create(architecture, shape, 10, Normalisation(channels, 0.5f), Normalisation(channels, 0.25f));
        LabModelStore.Save(network, LabModelStoreTests.Descriptor(architecture, shape, Normalisation(channels, 0.5f), Normalisation(channels, 0.25f)), folder.Path);

        foreach (var path in new[] { folder.Path, Path.Combine(folder.Path, "model.json"), Path.Combine(folder.Path, "model.weights") })
        {
            var report = ModelSafetyCheck.Check(path);
            Assert.True(report.IsSafe, report.Describe());
            Assert.Equal(ModelSafetyReport.LabFormat, report.Format);
            Assert.Equal(network.state_dict().Count, report.Inventory!.Tensors);
        }
    }

    [Fact]
    public void WeightsWhoseFirstTensorClaimsATerabyteAreRefused()
    {
        using var folder = new TempDirectory();
        var shape = new ImageShape(1, 28, 28);
        using var network = LabNetworkFactory.Create(LabArchitecture.SmallCnn, shape, 10, [0.5f], [0.25f]);
        LabModelStore.Save(network, LabModelStoreTests.Descriptor(LabArchitecture.SmallCnn, shape, [0.5f], [0.25f]), folder.Path);
        var weights = Path.Combine(folder.Path, LabModelStore.WeightsFileName);
        var bytes = File.ReadAllBytes(weights);
        // count, name length, name, dtype, rank, then the first dimension (16 output channels): make it 2^40 (LEB128).
        int firstDimension = 2 + bytes[1] + 2;
        Assert.Equal(16, bytes[firstDimension]);
        byte[] huge = [0x80, 0x80, 0x80, 0x80, 0x80, 0x20];
        File.WriteAllBytes(weights, [.. bytes[..firstDimension], .. huge, .. bytes[(firstDimension + 1)..]]);

        var report = ModelSafetyCheck.Check(folder.Path);

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        Assert.Contains("tensor 0 claims", Assert.Single(report.Findings).Message);
    }

    private static float[] Normalisation(int channels, float value) => Enumerable.Repeat(value, channels).ToArray();
}
