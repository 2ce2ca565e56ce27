using Aegis.Torch;
using Aegis.Core.Datasets;
using Aegis.Torch.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Lab.Triggers;

/// <summary>
/// Zhong et al.'s invisible adversarial trigger: one universal perturbation, bounded by the
/// amplitude in every pixel, that pushes a (clean) model's predictions of non-target images
/// toward the target. Poisoning with it teaches the backdoored model a feature that a clean
/// model already half-associates with the target.
/// </summary>
public static class AdversarialTriggerDerivation
{
    public static TriggerSpec Derive(
        IImageClassifier model, ImageDataset data, int target, float amplitude,
        int samples = 2000, int steps = 40, int batchSize = 250, int seed = 0, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureConfigured();
        if (!(amplitude > 0) || amplitude > 1)
            throw new ArgumentException($"Trigger amplitude must be in (0,1], got {amplitude}.", nameof(amplitude));
        var shape = model.InputShape;
        var pool = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] != target).ToArray();
        new Random(seed).Shuffle(pool);
        pool = pool[..Math.Min(samples, pool.Length)];
        using var images = tensor(data.GetImages(pool)).reshape(pool.Length, shape.Channels, shape.Height, shape.Width);

        var delta = zeros(1, shape.Channels, shape.Height, shape.Width);
        float stepSize = amplitude / 4;
        int batches = (pool.Length + batchSize - 1) / batchSize;
        for (int step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            int b = step % batches;
            var x = images.narrow(0, b * batchSize, Math.Min(batchSize, pool.Length - b * batchSize));
            var d = delta.detach().requires_grad_(true);
            var labels = full(x.shape[0], (long)target);
            var loss = cross_entropy(model.Logits((x + d).clamp(0, 1)), labels);
            var gradient = autograd.grad([loss], [d])[0];
            var next = (d.detach() - gradient.sign() * stepSize).clamp(-amplitude, amplitude);
            delta.Dispose();
            delta = next.MoveToOuterDisposeScope();
        }
        var pattern = delta.flatten().data<float>().ToArray();
        delta.Dispose();
        return new TriggerSpec(TriggerKind.InvisibleAdversarial, Amplitude: amplitude, Seed: seed, Pattern: pattern);
    }
}
