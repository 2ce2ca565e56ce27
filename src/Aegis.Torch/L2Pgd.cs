using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// The two in-place updates of L2 projected gradient descent (Madry et al.), shared by the targeted
/// translation and the untargeted robustness attack. In place so a long attack allocates nothing per step
/// beyond the autograd graph.
/// </summary>
internal static class L2Pgd
{
    private const double TinyNorm = 1e-12;

    /// <summary>x += stepSize · direction / ‖direction‖₂, per image.</summary>
    public static void StepAlong(Tensor x, Tensor direction, double stepSize)
    {
        using var scope = NewDisposeScope();
        var norms = PerImageNorm(direction).clamp_min(TinyNorm);
        x.add_(direction.mul(stepSize).div_(norms));
    }

    /// <summary>Pulls each image back into the L2 ball of <paramref name="epsilon"/> around its origin, then into [0,1].</summary>
    public static void ProjectAndClamp(Tensor x, Tensor origin, double epsilon)
    {
        using var scope = NewDisposeScope();
        var delta = x.sub(origin);
        var factor = PerImageNorm(delta).clamp_min(TinyNorm).reciprocal_().mul_(epsilon).clamp_max_(1.0);
        x.copy_(delta.mul_(factor).add_(origin)).clamp_(0.0, 1.0);
    }

    /// <summary>‖t_i‖₂ shaped [N,1,1,1] so it broadcasts over an NCHW batch.</summary>
    private static Tensor PerImageNorm(Tensor t) =>
        t.flatten(1).norm(1, keepdim: true).view(t.shape[0], 1, 1, 1);
}
