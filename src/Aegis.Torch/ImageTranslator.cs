using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// Step 1 of AEGIS: targeted PGD in L2. Each seed is moved down the cross-entropy of its target label by
/// normalised gradient steps, projected to the epsilon ball around the seed and to [0,1]. On a robust
/// model the result looks like the target class; in a backdoored target class some images grow the trigger.
/// Only the input is differentiated (the model's parameters are frozen), and deterministic for a given
/// input and thread count. The model sees every iterate on the 8-bit grid (<see cref="PixelGrid"/>) and
/// the translated images are stored there, as a real image would be.
/// </summary>
public sealed class ImageTranslator(IImageClassifier model)
{
    /// <summary>Translates every seed toward <paramref name="target"/>.</summary>
    public TranslationResult Translate(float[] seeds, int target, TranslationOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        int count = CountImages(seeds);
        return Translate(seeds, Enumerable.Repeat(target, count).ToArray(), options, progress, cancellationToken);
    }

    /// <summary>Translates seed i toward <paramref name="targets"/>[i]; rows of one batch may aim at different labels.</summary>
    public TranslationResult Translate(float[] seeds, int[] targets, TranslationOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(targets);
        options.Validate();
        int count = CountImages(seeds);
        if (targets.Length != count)
            throw new ArgumentException($"{targets.Length} targets for {count} seed images.", nameof(targets));
        foreach (var target in targets)
        {
            if (target < 0 || target >= model.ClassCount)
                throw new ArgumentOutOfRangeException(nameof(targets), target, $"Target label must be in 0..{model.ClassCount - 1}.");
        }

        var shape = model.InputShape;
        var images = new float[seeds.Length];
        var predictions = new int[count];
        int batches = (count + options.BatchSize - 1) / options.BatchSize;
        for (int b = 0; b < batches; b++)
        {
            int start = b * options.BatchSize;
            int size = Math.Min(options.BatchSize, count - start);
            using var scope = NewDisposeScope();
            var origin = tensor(seeds.AsSpan(start * shape.Size, size * shape.Size).ToArray(), [size, shape.Channels, shape.Height, shape.Width], device: model.Device);
            var labels = tensor(targets.AsSpan(start, size).ToArray(), ScalarType.Int64, device: model.Device);
            var x = origin.clone();
            for (int step = 0; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Step(x, origin, labels, options);
                progress?.Report((b * options.Steps + step + 1) / (double)(batches * Math.Max(1, options.Steps)));
            }
            // A NaN gradient survives the clamp; stop here rather than hand NaN images to t-SNE.
            if (!isfinite(x).all().item<bool>())
                throw new ModelContractException($"translation toward the target produced non-finite pixels for seeds {start}..{start + size - 1}: the model's input gradient is NaN or infinite there.");
            var translated = PixelGrid.Snap(x);
            translated.cpu().data<float>().CopyTo(images.AsSpan(start * shape.Size, size * shape.Size));
            using (inference_mode())
                model.Logits(translated).argmax(1).to(ScalarType.Int32).cpu().data<int>().CopyTo(predictions.AsSpan(start, size));
        }
        if (options.Steps == 0 || batches == 0)
            progress?.Report(1.0);

        int hits = predictions.Where((p, i) => p == targets[i]).Count();
        return new TranslationResult(images, count, predictions, count == 0 ? 0 : hits / (double)count);
    }

    private void Step(Tensor x, Tensor origin, Tensor labels, TranslationOptions options)
    {
        using var scope = NewDisposeScope();
        var input = x.detach().requires_grad_(true);
        // Summed, not averaged, so each image's gradient does not shrink with the batch size (it is normalised anyway).
        var loss = nn.functional.cross_entropy(model.Logits(PixelGrid.Snap(input)), labels, reduction: nn.Reduction.Sum);
        var gradient = autograd.grad([loss], [input])[0];
        using var noGrad = no_grad();
        L2Pgd.StepAlong(x, gradient.neg_(), options.StepSize);
        L2Pgd.ProjectAndClamp(x, origin, options.Epsilon);
    }

    private int CountImages(float[] images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int size = model.InputShape.Size;
        if (images.Length % size != 0)
            throw new ArgumentException($"{images.Length} floats are not a whole number of {model.InputShape} images.", nameof(images));
        return images.Length / size;
    }
}
