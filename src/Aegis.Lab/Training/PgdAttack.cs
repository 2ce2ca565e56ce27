using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Training;

/// <summary>
/// Untargeted PGD that maximises the cross-entropy of the true label inside an L2 or L-inf ball
/// around each image, kept in [0,1]. Used to make adversarial training examples and to measure
/// adversarial accuracy.
/// </summary>
public static class PgdAttack
{
    /// <param name="keepBest">Return, per image, the step with the highest loss (evaluation) instead of the last step (training).</param>
    /// <param name="generator">Source of the random start; a caller-owned generator keeps concurrent runs reproducible.</param>
    public static Tensor Perturb(Func<Tensor, Tensor> logits, Tensor images, Tensor labels, PgdOptions options, bool keepBest, Generator? generator = null)
    {
        options.Validate();
        using var scope = NewDisposeScope();
        var clean = images.detach();
        var adversarial = options.RandomInit ? RandomStart(clean, options, generator) : clean.clone();
        var best = clean.clone();
        var bestLoss = full(clean.shape[0], float.NegativeInfinity);

        for (int step = 0; step < options.Steps; step++)
        {
            var x = adversarial.detach().requires_grad_(true);
            var loss = cross_entropy(logits(x), labels, reduction: nn.Reduction.None);
            if (keepBest)
                (best, bestLoss) = KeepBetter(x, loss, best, bestLoss);
            var gradient = autograd.grad([loss.sum()], [x])[0];
            adversarial = Project(clean, Ascend(x.detach(), gradient, options), options);
        }
        if (keepBest)
        {
            using (no_grad())
                (best, bestLoss) = KeepBetter(adversarial, cross_entropy(logits(adversarial), labels, reduction: nn.Reduction.None), best, bestLoss);
        }
        return (keepBest ? best : adversarial).detach().MoveToOuterDisposeScope();
    }

    private static (Tensor Best, Tensor BestLoss) KeepBetter(Tensor x, Tensor loss, Tensor best, Tensor bestLoss)
    {
        var better = loss.detach() > bestLoss;
        return (where(better.reshape(-1, 1, 1, 1), x.detach(), best), where(better, loss.detach(), bestLoss));
    }

    private static Tensor RandomStart(Tensor clean, PgdOptions options, Generator? generator)
    {
        if (options.Norm == PgdNorm.LInf)
            return (clean + (rand(clean.shape, generator: generator) * 2 - 1) * options.Epsilon).clamp(0, 1);
        // A random direction on the L2 sphere of radius epsilon, as the robustness library does.
        var direction = randn(clean.shape, generator: generator);
        return (clean + direction / (Norms(direction) + 1e-10) * options.Epsilon).clamp(0, 1);
    }

    private static Tensor Ascend(Tensor x, Tensor gradient, PgdOptions options) =>
        options.Norm == PgdNorm.LInf
            ? x + gradient.sign() * options.StepSize
            : x + gradient / (Norms(gradient) + 1e-10) * options.StepSize;

    private static Tensor Project(Tensor clean, Tensor x, PgdOptions options)
    {
        var delta = x - clean;
        delta = options.Norm == PgdNorm.LInf
            ? delta.clamp(-options.Epsilon, options.Epsilon)
            : delta * (options.Epsilon / (Norms(delta) + 1e-10)).clamp_max(1);
        return (clean + delta).clamp(0, 1);
    }

    /// <summary>Per-image L2 norms shaped [N,1,1,1] for broadcasting.</summary>
    private static Tensor Norms(Tensor t) => t.flatten(1).pow(2).sum(1).sqrt().reshape(-1, 1, 1, 1);
}
