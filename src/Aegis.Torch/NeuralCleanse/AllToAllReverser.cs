using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch.NeuralCleanse;

/// <summary>
/// Neural Cleanse's all-to-all row (<see cref="AllToAllReversal"/>): one mask m and pattern p minimising
/// <c>−log(1 − p_own(f((1 − m)·x + m·p))) + λ·‖m‖₁</c> over images of every class, with λ adapted by the same
/// <see cref="CostSchedule"/> toward <see cref="NeuralCleanseParameters.AllToAllAttackSuccess"/>. The objective names
/// no target: an all-to-all backdoor's trigger is the cheapest way out of every class at once, a one-target
/// backdoor's sends everything to its target, a clean model's is a larger universal patch toward one class.
/// Each step takes the same number of images of every class, so no class's way out dominates.
/// </summary>
public sealed class AllToAllReverser(IImageClassifier model, int batchSize = 500)
{
    /// <summary>
    /// The mask starts faint everywhere (0.1): the first steps keep the image and follow the model's own sensitivities.
    /// From Neural Cleanse's random half-covered start the row settles on a universal patch toward one class instead,
    /// even in an all-to-all model (measured: research/attacks.md).
    /// </summary>
    private const double InitialMask = 0.1;

    /// <summary>Reverses the row on <paramref name="perClass"/>[label] (indices into <paramref name="training"/>), then counts where it sends held-out images.</summary>
    public AllToAllReversal Reverse(ImageDataset training, IReadOnlyList<int[]> perClass, ImageDataset heldOut, IReadOnlyList<int[]> heldOutPerClass,
        NeuralCleanseParameters options, int seed, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(perClass);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(heldOutPerClass);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DatasetCompatibility.EnsureMatches(model, training);
        DatasetCompatibility.EnsureMatches(model, heldOut);
        int classes = model.ClassCount;
        if (perClass.Count != classes || heldOutPerClass.Count != classes || perClass.Any(p => p.Length == 0))
            throw new ArgumentException($"The all-to-all row needs images of each of the {classes} classes.", nameof(perClass));
        var shape = model.InputShape;
        var random = new Random(seed);
        int perStep = Math.Max(1, (int)Math.Ceiling(options.BatchSize / (double)classes));
        var labels = perClass.SelectMany((images, label) => images.Select(_ => (long)label)).ToArray();
        var offsets = perClass.Select((images, label) => perClass.Take(label).Sum(p => p.Length)).ToArray();
        using var pool = tensor(training.GetImages(perClass.SelectMany(p => p).ToArray()), [labels.Length, shape.Channels, shape.Height, shape.Width]);
        using var allLabels = tensor(labels);
        using var maskAdam = new RowAdam(full([1, 1, shape.Height, shape.Width], (float)Math.Atanh((InitialMask - 0.5) * TriggerReverser.TanhScale), ScalarType.Float32), options.LearningRate);
        using var patternAdam = new RowAdam(TriggerReverser.InitialRaw(random, [1, shape.Channels, shape.Height, shape.Width]), options.LearningRate);
        var schedule = new CostSchedule(options with { AttackSuccessThreshold = options.AllToAllAttackSuccess });
        (float[] Mask, float[] Pattern, double AttackSuccess)? best = null;
        double success = 0;

        for (int epoch = 0; epoch < options.MaxEpochs; epoch++)
        {
            double successSum = 0, normSum = 0;
            for (int step = 0; step < options.StepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var batch = new long[classes * perStep];
                for (int c = 0; c < classes; c++)
                {
                    for (int i = 0; i < perStep; i++)
                        batch[c * perStep + i] = offsets[c] + random.Next(perClass[c].Length);
                }
                var indices = tensor(batch);
                var x = pool.index_select(0, indices);
                var own = allLabels.index_select(0, indices);
                var maskRaw = maskAdam.Parameter.detach().requires_grad_(true);
                var patternRaw = patternAdam.Parameter.detach().requires_grad_(true);
                var (mask, pattern) = TriggerReverser.Squash(maskRaw, patternRaw);
                var logits = model.Logits(PixelGrid.Snap((1 - mask) * x + mask * pattern));
                var stay = nn.functional.softmax(logits, 1).gather(1, own.unsqueeze(1)).squeeze(1);
                var norm = mask.sum();
                var loss = -(1 - stay).clamp_min(1e-6).log().mean() + schedule.Cost * norm;
                var gradients = autograd.grad([loss], [maskRaw, patternRaw]);
                maskAdam.Step(gradients[0]);
                patternAdam.Step(gradients[1]);
                using var noGrad = no_grad();
                successSum += logits.argmax(1).ne(own).to(ScalarType.Float32).mean().item<float>();
                normSum += norm.item<float>();
            }
            success = successSum / options.StepsPerEpoch;
            double meanNorm = normSum / options.StepsPerEpoch;
            if (!double.IsFinite(meanNorm))
                throw new ModelContractException("The all-to-all row's mask norm became non-finite: the model's input gradient is NaN or infinite on stamped images.");
            var (improved, stop) = schedule.Update(success, meanNorm);
            if (improved)
                best = TriggerReverser.Snapshot(maskAdam.Parameter, patternAdam.Parameter, 0, success);
            progress?.Report((epoch + 1) / (double)options.MaxEpochs);
            if (stop)
                break;
        }
        var kept = best ?? TriggerReverser.Snapshot(maskAdam.Parameter, patternAdam.Parameter, 0, success);
        progress?.Report(1.0);
        return new AllToAllReversal(kept.Mask, kept.Pattern, kept.Mask.Sum(v => (double)v), kept.AttackSuccess, best is not null, schedule.Cost, schedule.Epochs,
            Destinations(kept.Mask, kept.Pattern, heldOut, heldOutPerClass, cancellationToken));
    }

    /// <summary>Per origin class, how many of its held-out images the stamped trigger sends to each class.</summary>
    private int[][] Destinations(float[] maskValues, float[] patternValues, ImageDataset heldOut, IReadOnlyList<int[]> perClass, CancellationToken cancellationToken)
    {
        var shape = model.InputShape;
        var counts = perClass.Select(_ => new int[model.ClassCount]).ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = inference_mode();
        var mask = tensor(maskValues, [1, 1, shape.Height, shape.Width]);
        var stamp = mask * tensor(patternValues, [1, shape.Channels, shape.Height, shape.Width]);
        for (int origin = 0; origin < perClass.Count; origin++)
        {
            for (int start = 0; start < perClass[origin].Length; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var batchScope = NewDisposeScope();
                var chunk = perClass[origin][start..Math.Min(perClass[origin].Length, start + batchSize)];
                var x = tensor(heldOut.GetImages(chunk), [chunk.Length, shape.Channels, shape.Height, shape.Width]);
                foreach (var predicted in model.Logits(PixelGrid.Snap((1 - mask) * x + stamp)).argmax(1).data<long>().ToArray())
                    counts[origin][predicted]++;
            }
        }
        return counts;
    }
}
