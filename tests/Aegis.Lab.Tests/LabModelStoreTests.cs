using Aegis.Core.Detection;
using Aegis.Lab.Architectures;
using Aegis.Lab.Storage;
using static TorchSharp.torch;

namespace Aegis.Lab.Tests;

public sealed class LabModelStoreTests
{
    [Theory]
    [InlineData(LabArchitecture.SmallCnn, 1, 28)]
    [InlineData(LabArchitecture.ResNet18, 3, 32)]
    public void SaveThenLoadGivesTheSameLogitsAndFeatures(LabArchitecture architecture, int channels, int size)
    {
        using var folder = new TempDirectory();
        var shape = new ImageShape(channels, size, size);
        random.manual_seed(5);
        var mean = Enumerable.Repeat(0.4f, channels).ToArray();
        var std = Enumerable.Repeat(0.3f, channels).ToArray();
        using var network = LabNetworkFactory.Create(architecture, shape, 10, mean, std);
        using var original = new LabClassifier("m", network, shape, 10);
        LabModelStore.Save(network, Descriptor(architecture, shape, mean, std), folder.Path);
        using var images = rand(4, channels, size, size);

        foreach (var path in new[] { folder.Path, Path.Combine(folder.Path, "model.json"), Path.Combine(folder.Path, "model.weights") })
        {
            using var loaded = LabModelStore.Load(path);
            Assert.Equal("aegis-lab", loaded.Format);
            Assert.Equal(shape, loaded.InputShape);
            TensorAssert.Identical(original.Logits(images), loaded.Logits(images), $"logits after loading {path}");
            TensorAssert.Identical(original.Features(images), loaded.Features(images), $"features after loading {path}");
            Assert.Equal(network.FeatureDimension, loaded.FeatureDimension);
        }
    }

    [Fact]
    public void ATorchscriptExportWithItsOwnJsonIsNotTakenForALabModel()
    {
        Assert.False(LabModelStore.IsLabModel("/work/shared/fixtures/models/robust_clean.pt"));
        var error = Assert.Throws<FileNotFoundException>(() => LabModelStore.Load("/work/shared/fixtures/models/robust_clean.pt"));
        Assert.Contains("no lab model here", error.Message);
    }

    [Fact]
    public void WeightsOfAnotherArchitectureGiveAClearError()
    {
        using var folder = new TempDirectory();
        var shape = new ImageShape(1, 28, 28);
        using var network = LabNetworkFactory.Create(LabArchitecture.SmallCnn, shape, 10, [0f], [1f]);
        LabModelStore.Save(network, Descriptor(LabArchitecture.ResNet18, shape, [0f], [1f]), folder.Path);

        var error = Assert.Throws<InvalidDataException>(() => LabModelStore.Load(folder.Path));
        Assert.Contains("cannot load ResNet18 weights", error.Message);
    }

    internal static LabModelDescriptor Descriptor(LabArchitecture architecture, ImageShape shape, float[] mean, float[] std) => new()
    {
        Name = "m",
        Architecture = architecture,
        InputShape = new InputShapeDescriptor(shape.Channels, shape.Height, shape.Width),
        ClassCount = 10,
        Weights = LabModelStore.WeightsFileName,
        Mean = mean,
        Std = std,
    };
}
