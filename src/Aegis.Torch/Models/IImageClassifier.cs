using Aegis.Core.Detection;
using TorchSharp;

namespace Aegis.Torch.Models;

/// <summary>
/// What AEGIS needs of a model: logits and penultimate features of float32 NCHW images in [0,1]
/// (normalisation lives inside the model). TorchScript exports and the lab's own architectures
/// both implement it, so the scanner reads either.
/// </summary>
public interface IImageClassifier : IDisposable
{
    string Name { get; }
    /// <summary>"torchscript" or "aegis-lab".</summary>
    string Format { get; }
    ImageShape InputShape { get; }
    int ClassCount { get; }
    int FeatureDimension { get; }
    /// <summary>Where the model's parameters live; inputs are moved there and outputs read back from it.</summary>
    torch.Device Device { get; }

    /// <summary>Logits [N, ClassCount]; differentiable with respect to <paramref name="images"/>.</summary>
    torch.Tensor Logits(torch.Tensor images);

    /// <summary>Penultimate activations [N, FeatureDimension], flattened.</summary>
    torch.Tensor Features(torch.Tensor images);
}
