using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Architectures;

/// <summary>ResNet basic block (two 3x3 convs), used by ResNet-18.</summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 1;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential shortcut;

    public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        shortcut = Shortcut(inPlanes, planes * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = relu(bn1.forward(conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        return relu(y + shortcut.forward(x));
    }

    internal static Sequential Shortcut(int inPlanes, int outPlanes, int stride) =>
        stride == 1 && inPlanes == outPlanes
            ? nn.Sequential()
            : nn.Sequential(
                ("conv", nn.Conv2d(inPlanes, outPlanes, 1, stride: stride, bias: false)),
                ("bn", nn.BatchNorm2d(outPlanes)));
}

/// <summary>ResNet bottleneck block (1x1, 3x3, 1x1 with 4x expansion), used by ResNet-50.</summary>
internal sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential shortcut;

    public Bottleneck(int inPlanes, int planes, int stride) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        shortcut = BasicBlock.Shortcut(inPlanes, planes * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = relu(bn1.forward(conv1.forward(x)));
        y = relu(bn2.forward(conv2.forward(y)));
        y = bn3.forward(conv3.forward(y));
        return relu(y + shortcut.forward(x));
    }
}
