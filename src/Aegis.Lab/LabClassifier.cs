using Aegis.Core.Detection;
using Aegis.Lab.Architectures;
using Aegis.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Aegis.Lab;

/// <summary>
/// A trained lab network behind the scanner's model interface: always in evaluation mode, its
/// weights frozen (the scanner differentiates inputs only; a weight that requires a gradient makes
/// every backward pass compute one too).
/// </summary>
public sealed class LabClassifier : IImageClassifier
{
    public LabClassifier(string name, LabNetwork network, ImageShape inputShape, int classCount)
    {
        Name = name;
        Network = network;
        InputShape = inputShape;
        ClassCount = classCount;
        network.eval();
        foreach (var parameter in network.parameters())
            parameter.requires_grad = false;
    }

    public string Name { get; }
    public string Format => "aegis-lab";
    public ImageShape InputShape { get; }
    public int ClassCount { get; }
    public int FeatureDimension => Network.FeatureDimension;
    public LabNetwork Network { get; }
    public Device Device { get; private set; } = CPU;

    /// <summary>Moves the network to <paramref name="device"/>; inputs then go there too.</summary>
    public LabClassifier To(Device device)
    {
        Network.to(device);
        Device = device;
        return this;
    }

    public Tensor Logits(Tensor images) => Network.forward(Check(images));

    public Tensor Features(Tensor images) => Network.Features(Check(images));

    public void Dispose() => Network.Dispose();

    private Tensor Check(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != InputShape.Channels || images.shape[2] != InputShape.Height || images.shape[3] != InputShape.Width)
            throw new ArgumentException($"{Name} expects images [N,{InputShape.Channels},{InputShape.Height},{InputShape.Width}], got [{string.Join(",", images.shape)}].", nameof(images));
        return images;
    }
}
