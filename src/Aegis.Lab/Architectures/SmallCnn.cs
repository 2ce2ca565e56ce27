using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Architectures;

/// <summary>
/// The fixtures' small network for 28x28 inputs: conv 16 3x3 → relu → max-pool, conv 32 3x3 →
/// relu → max-pool, linear 800→128 → relu (penultimate), linear 128→classes.
/// </summary>
public sealed class SmallCnn : LabNetwork
{
    private readonly InputNormalization normalize;
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc1;
    private readonly Linear fc2;

    public SmallCnn(int channels, int height, int width, int classCount, float[] mean, float[] std) : base(nameof(SmallCnn))
    {
        // Two unpadded 3x3 convs each followed by a 2x2 pool: 28 → 26 → 13 → 11 → 5.
        int h = ((height - 2) / 2 - 2) / 2;
        int w = ((width - 2) / 2 - 2) / 2;
        if (h <= 0 || w <= 0)
            throw new ArgumentException($"SmallCnn needs inputs of at least 10x10, got {height}x{width}.");
        normalize = new InputNormalization(mean, std);
        conv1 = nn.Conv2d(channels, 16, 3);
        conv2 = nn.Conv2d(16, 32, 3);
        fc1 = nn.Linear(32 * h * w, 128);
        fc2 = nn.Linear(128, classCount);
        RegisterComponents();
    }

    public override int FeatureDimension => 128;

    public override Tensor Features(Tensor images)
    {
        var x = normalize.forward(images);
        x = max_pool2d(relu(conv1.forward(x)), 2);
        x = max_pool2d(relu(conv2.forward(x)), 2);
        return relu(fc1.forward(x.flatten(1)));
    }

    public override Tensor Classify(Tensor features) => fc2.forward(features);
}
