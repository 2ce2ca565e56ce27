using static TorchSharp.torch;

namespace Aegis.Lab.Architectures;

/// <summary>
/// Per-channel (x - mean) / std kept as buffers, so the saved weights carry the statistics and
/// callers always feed raw [0,1] pixels.
/// </summary>
public sealed class InputNormalization : nn.Module<Tensor, Tensor>
{
    private readonly Tensor mean;
    private readonly Tensor std;

    public InputNormalization(float[] mean, float[] std) : base(nameof(InputNormalization))
    {
        if (mean.Length != std.Length || mean.Length == 0)
            throw new ArgumentException("Mean and std need one value per channel.", nameof(mean));
        this.mean = tensor(mean).reshape(1, mean.Length, 1, 1);
        this.std = tensor(std).reshape(1, std.Length, 1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images) => (images - mean) / std;
}
