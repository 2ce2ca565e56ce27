using Aegis.Torch;
using Aegis.Core.Datasets;
using Aegis.Lab.Training;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Lab.Evaluation;

/// <summary>
/// Clean accuracy, attack success rate (trigger on every test image whose label is not the
/// target; fraction classified as the target — for all-to-all, trigger on every test image,
/// fraction classified as the next class; for two targets, each trigger toward its own) and
/// adversarial accuracy under PGD with the training budget (best-loss step, no restarts) on a sample.
/// </summary>
public static class LabEvaluator
{
    public static LabMetrics Evaluate(IImageClassifier model, ImageDataset test, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureConfigured();
        if (test.Channels != model.InputShape.Channels || test.Height != model.InputShape.Height || test.Width != model.InputShape.Width)
            throw new ArgumentException($"Test images are {test.Channels}x{test.Height}x{test.Width}; {model.Name} expects {model.InputShape}.");
        int classes = model.ClassCount;
        if (!options.AllToAll && (options.Target < 0 || options.Target >= classes))
            throw new ArgumentException($"Target label {options.Target} is outside 0..{classes - 1}.");
        if (options.SecondTrigger is not null && (options.SecondTarget < 0 || options.SecondTarget >= classes))
            throw new ArgumentException($"Second target label {options.SecondTarget} is outside 0..{classes - 1}.");

        int[] indices = options.TestSubset is int n ? test.Sample(n, options.Seed) : Enumerable.Range(0, test.Count).ToArray();
        double clean = Accuracy(model, test, indices, options, transform: null, cancellationToken);

        Func<int, int> destination = options.AllToAll ? y => (y + 1) % classes : _ => options.Target;
        var victims = indices.Where(i => destination(test.Labels[i]) != test.Labels[i]).ToArray();
        double? asr = options.Trigger is { } trigger
            ? Accuracy(model, test, victims, options, trigger.Apply, cancellationToken, destination)
            : null;
        var secondVictims = indices.Where(i => test.Labels[i] != options.SecondTarget).ToArray();
        double? secondAsr = options.SecondTrigger is { } second
            ? Accuracy(model, test, secondVictims, options, second.Apply, cancellationToken, _ => options.SecondTarget)
            : null;

        double? adversarial = null;
        int[] attacked = [];
        if (options.Pgd is { } pgd)
        {
            attacked = indices.Length <= options.AdversarialSamples ? indices : Subsample(indices, options.AdversarialSamples, options.Seed);
            // A seeded generator makes PGD's random starts, and so the number, reproducible.
            using var generator = new Generator(unchecked((ulong)options.Seed));
            adversarial = Accuracy(model, test, attacked, options, null, cancellationToken, pgd: pgd, generator: generator);
        }
        return new LabMetrics(clean, indices.Length, asr, options.Trigger is null ? 0 : victims.Length, adversarial, attacked.Length)
        {
            SecondAttackSuccessRate = secondAsr,
            SecondAttackSamples = secondAsr is null ? 0 : secondVictims.Length,
        };
    }

    private static int[] Subsample(int[] indices, int count, int seed)
    {
        var copy = (int[])indices.Clone();
        new Random(unchecked(seed + 1)).Shuffle(copy);
        return copy[..count];
    }

    /// <summary>Fraction of images classified as their label (or as <paramref name="destination"/> of it, which gives the ASR).</summary>
    private static double Accuracy(
        IImageClassifier model, ImageDataset data, int[] indices, EvaluationOptions options, Func<Tensor, Tensor>? transform,
        CancellationToken cancellationToken, Func<int, int>? destination = null, PgdOptions? pgd = null, Generator? generator = null)
    {
        if (indices.Length == 0)
            return 0;
        var shape = model.InputShape;
        long correct = 0;
        for (int start = 0; start < indices.Length; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = indices.AsSpan(start, Math.Min(options.BatchSize, indices.Length - start)).ToArray();
            var images = tensor(data.GetImages(batch)).reshape(batch.Length, shape.Channels, shape.Height, shape.Width);
            var labels = tensor(batch.Select(i => (long)(destination?.Invoke(data.Labels[i]) ?? data.Labels[i])).ToArray());
            if (transform is not null)
                images = transform(images);
            if (pgd is not null)
                images = PgdAttack.Perturb(model.Logits, images, labels, pgd, keepBest: true, generator);
            using (no_grad())
                correct += model.Logits(images).argmax(1).eq(labels).sum().item<long>();
        }
        return (double)correct / indices.Length;
    }
}
