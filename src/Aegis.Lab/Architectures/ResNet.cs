using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Architectures;

/// <summary>
/// CIFAR-style ResNet as the paper used (Kuang Liu's layout): a 3x3 stride-1 stem without
/// max-pool, four stages of 64/128/256/512 planes, global average pooling, one linear layer.
/// The penultimate features are the pooled activations (512 for ResNet-18, 2048 for ResNet-50).
/// </summary>
public sealed class ResNet : LabNetwork
{
    private readonly InputNormalization normalize;
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemBn;
    private readonly Sequential layers;
    private readonly Linear fc;
    private readonly int featureDimension;

    private ResNet(string name, bool bottleneck, int[] blocks, int channels, int classCount, float[] mean, float[] std) : base(name)
    {
        int expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        normalize = new InputNormalization(mean, std);
        stem = nn.Conv2d(channels, 64, 3, stride: 1, padding: 1, bias: false);
        stemBn = nn.BatchNorm2d(64);

        var stages = new List<(string, nn.Module<Tensor, Tensor>)>();
        int inPlanes = 64;
        int[] planes = [64, 128, 256, 512];
        for (int s = 0; s < planes.Length; s++)
        {
            for (int b = 0; b < blocks[s]; b++)
            {
                int stride = s > 0 && b == 0 ? 2 : 1;
                nn.Module<Tensor, Tensor> block = bottleneck
                    ? new Bottleneck(inPlanes, planes[s], stride)
                    : new BasicBlock(inPlanes, planes[s], stride);
                stages.Add(($"layer{s + 1}_{b}", block));
                inPlanes = planes[s] * expansion;
            }
        }
        layers = nn.Sequential(stages);
        featureDimension = 512 * expansion;
        fc = nn.Linear(featureDimension, classCount);
        RegisterComponents();
    }

    public static ResNet ResNet18(int channels, int classCount, float[] mean, float[] std) =>
        new("ResNet18", bottleneck: false, [2, 2, 2, 2], channels, classCount, mean, std);

    public static ResNet ResNet50(int channels, int classCount, float[] mean, float[] std) =>
        new("ResNet50", bottleneck: true, [3, 4, 6, 3], channels, classCount, mean, std);

    public override int FeatureDimension => featureDimension;

    public override Tensor Features(Tensor images)
    {
        var x = relu(stemBn.forward(stem.forward(normalize.forward(images))));
        x = layers.forward(x);
        return adaptive_avg_pool2d(x, 1).flatten(1);
    }

    public override Tensor Classify(Tensor features) => fc.forward(features);
}
