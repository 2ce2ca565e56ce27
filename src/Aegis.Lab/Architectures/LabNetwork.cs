using static TorchSharp.torch;

namespace Aegis.Lab.Architectures;

/// <summary>
/// A lab architecture split at the penultimate layer: <see cref="Features"/> returns the input of
/// the last linear layer (what AEGIS clusters), <see cref="Classify"/> applies that layer.
/// Inputs are float NCHW images in [0,1]; normalisation happens inside.
/// </summary>
public abstract class LabNetwork : nn.Module<Tensor, Tensor>
{
    protected LabNetwork(string name) : base(name)
    {
    }

    public abstract int FeatureDimension { get; }

    public abstract Tensor Features(Tensor images);

    public abstract Tensor Classify(Tensor features);

    public override Tensor forward(Tensor images) => Classify(Features(images));
}
