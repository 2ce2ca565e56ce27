using Aegis.Torch;
using Aegis.Core.Detection;

namespace Aegis.Lab.Architectures;

/// <summary>Builds an untrained network of a given architecture for an input shape.</summary>
public static class LabNetworkFactory
{
    public static LabNetwork Create(LabArchitecture architecture, ImageShape shape, int classCount, float[] mean, float[] std)
    {
        TorchRuntime.EnsureConfigured();
        if (classCount < 2)
            throw new ArgumentOutOfRangeException(nameof(classCount), "A classifier needs at least two classes.");
        if (mean.Length != shape.Channels || std.Length != shape.Channels)
            throw new ArgumentException($"Normalisation needs {shape.Channels} channel values.", nameof(mean));
        return architecture switch
        {
            LabArchitecture.SmallCnn => new SmallCnn(shape.Channels, shape.Height, shape.Width, classCount, mean, std),
            LabArchitecture.ResNet18 => ResNet.ResNet18(shape.Channels, classCount, mean, std),
            LabArchitecture.ResNet50 => ResNet.ResNet50(shape.Channels, classCount, mean, std),
            LabArchitecture.BatchNormCnn => new BatchNormCnn(shape.Channels, shape.Height, shape.Width, classCount, mean, std),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown architecture."),
        };
    }
}
