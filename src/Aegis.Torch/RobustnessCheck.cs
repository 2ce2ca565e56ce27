using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// The paper's pre-check (V-C): AEGIS only applies to adversarially robust models. Attacks held-out
/// images with untargeted L2 PGD inside the usual training budget, keeping each image's highest-loss
/// iterate (the robustness package's <c>use_best</c>, no random start, no restarts), and calls the
/// model robust when it keeps <see cref="RobustnessParameters.MinRetainedAccuracy"/> of its clean accuracy.
/// The model sees every attack image on the 8-bit grid (<see cref="PixelGrid"/>, straight-through gradients).
/// </summary>
public sealed class RobustnessCheck(IImageClassifier model, int batchSize = 250)
{
    public RobustnessReport Run(ImageDataset testSet, RobustnessParameters parameters, int seed = 0, CancellationToken cancellationToken = default,
        IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(testSet);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Samples <= 0)
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Samples, "Robustness samples must be positive.");
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        DatasetCompatibility.EnsureMatches(model, testSet);

        var shape = model.InputShape;
        double epsilon = parameters.EpsilonFor(shape);
        double stepSize = parameters.StepSizeFor(shape);
        var indices = testSet.Sample(parameters.Samples, seed);
        int clean = 0, adversarial = 0;
        for (int start = 0; start < indices.Length; start += batchSize)
        {
            var batchIndices = indices[start..Math.Min(indices.Length, start + batchSize)];
            var batchProgress = progress is null ? null : new ScaledProgress(progress, batchIndices.Length / (double)indices.Length, start / (double)indices.Length);
            var (c, a) = AttackBatch(testSet.GetImages(batchIndices), batchIndices.Select(i => (long)testSet.Labels[i]).ToArray(),
                epsilon, parameters.Steps, stepSize, batchProgress, cancellationToken);
            clean += c;
            adversarial += a;
        }

        return RobustnessAssessment.Assess(clean / (double)indices.Length, adversarial / (double)indices.Length, indices.Length, parameters, shape, onTrainingImages: false);
    }

    /// <summary>Returns how many images the model classifies correctly before and after the attack.</summary>
    private (int Clean, int Adversarial) AttackBatch(float[] images, long[] trueLabels, double epsilon, int steps, double stepSize,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var shape = model.InputShape;
        int size = trueLabels.Length;
        using var scope = NewDisposeScope();
        var device = model.Device;
        var origin = tensor(images, [size, shape.Channels, shape.Height, shape.Width], device: device);
        var labels = tensor(trueLabels, device: device);
        var x = origin.clone();
        var bestLoss = full(size, double.NegativeInfinity, ScalarType.Float32, device: device);
        var bestCorrect = ones(size, ScalarType.Bool, device: device);
        int cleanCorrect = 0;
        // The loss of iterate k comes from the forward that also gives step k's gradient, so the final
        // iterate needs one forward of its own (the last pass of the loop).
        for (int step = 0; step <= steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stepScope = NewDisposeScope();
            var input = x.detach().requires_grad_(step < steps);
            var logits = model.Logits(PixelGrid.Snap(input));
            var losses = nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.None);
            using (no_grad())
            {
                var correct = logits.argmax(1).eq(labels);
                if (step == 0)
                    cleanCorrect = (int)correct.sum().item<long>();
                var improved = losses.detach().gt(bestLoss);
                bestLoss.copy_(where(improved, losses.detach(), bestLoss));
                bestCorrect.copy_(where(improved, correct, bestCorrect));
            }
            progress?.Report((step + 1) / (double)(steps + 1));
            if (step == steps)
                break;
            var gradient = autograd.grad([losses.sum()], [input])[0];
            using var noGrad = no_grad();
            L2Pgd.StepAlong(x, gradient, stepSize);
            L2Pgd.ProjectAndClamp(x, origin, epsilon);
        }
        return (cleanCorrect, (int)bestCorrect.sum().item<long>());
    }
}
