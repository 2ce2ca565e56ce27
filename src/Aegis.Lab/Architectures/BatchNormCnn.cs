using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Architectures;

/// <summary>
/// A second small family for 28x28 inputs, unlike <see cref="SmallCnn"/> where it matters to a
/// detector: three 3x3 convolutions (16, 32, 64) each followed by batch norm, relu and a 2x2
/// max-pool after the first two, then linear 576→256 → relu (a wider penultimate layer), linear
/// 256→classes. Unpadded convs keep it about as cheap as SmallCnn on CPU: 28 → 26 → 13 → 11 → 5 → 3.
/// </summary>
public sealed class BatchNormCnn : LabNetwork
{
    private const int Width = 256;
    private readonly InputNormalization normalize;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d norm1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d norm2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d norm3;
    private readonly Linear fc1;
    private readonly Linear fc2;

    public BatchNormCnn(int channels, int height, int width, int classCount, float[] mean, float[] std) : base(nameof(BatchNormCnn))
    {
        int h = ((height - 2) / 2 - 2) / 2 - 2;
        int w = ((width - 2) / 2 - 2) / 2 - 2;
        if (h <= 0 || w <= 0)
            throw new ArgumentException($"BatchNormCnn needs inputs of at least 14x14, got {height}x{width}.");
        normalize = new InputNormalization(mean, std);
        // Convolutions feeding batch norm need no bias of their own.
        conv1 = nn.Conv2d(channels, 16, 3, bias: false);
        norm1 = nn.BatchNorm2d(16);
        conv2 = nn.Conv2d(16, 32, 3, bias: false);
        norm2 = nn.BatchNorm2d(32);
        conv3 = nn.Conv2d(32, 64, 3, bias: false);
        norm3 = nn.BatchNorm2d(64);
        fc1 = nn.Linear(64 * h * w, Width);
        fc2 = nn.Linear(Width, classCount);
        RegisterComponents();
    }

    public override int FeatureDimension => Width;

    public override Tensor Features(Tensor images)
    {
        var x = normalize.forward(images);
        x = max_pool2d(relu(norm1.forward(conv1.forward(x))), 2);
        x = max_pool2d(relu(norm2.forward(conv2.forward(x))), 2);
        x = relu(norm3.forward(conv3.forward(x)));
        return relu(fc1.forward(x.flatten(1)));
    }

    public override Tensor Classify(Tensor features) => fc2.forward(features);
}
