using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aegis.Torch.NeuralCleanse;

/// <summary>
/// Neural Cleanse's trigger reverse-engineering for every class at once. For class k it minimises
/// <c>CE(f((1 − m_k)·x + m_k·p_k), k) + λ_k·‖m_k‖₁</c> over a mask m_k (H×W) and a pattern p_k (C×H×W),
/// both kept in [0,1] by a tanh parametrisation, with λ_k adapted by <see cref="CostSchedule"/>.
/// The classes share one forward/backward pass per step: the same clean batch is stamped with every
/// class's trigger ([K·B] images), and since the loss is a sum of per-class terms and Adam works per
/// element, each class gets exactly the gradient and update it would get alone — K times fewer, larger
/// passes, which is what makes the scan fast on CPU. A class leaves the batch when it stops early. The model
/// sees the stamped images on the 8-bit grid (<see cref="PixelGrid"/>; the gradient passes straight through).
/// </summary>
public sealed class TriggerReverser(IImageClassifier model)
{
    /// <summary>tanh(x)/(2 − ε) + ½ stays strictly inside (0,1), as in the published code.</summary>
    internal const double TanhScale = 2 - 1e-7;

    public IReadOnlyList<NeuralCleanseTrigger> Reverse(float[] images, IReadOnlyList<int> classes, NeuralCleanseParameters options, int seed = 0,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var shape = model.InputShape;
        if (images.Length == 0 || images.Length % shape.Size != 0)
            throw new ArgumentException($"{images.Length} floats are not a whole, non-zero number of {shape} images.", nameof(images));
        foreach (var label in classes)
        {
            if (label < 0 || label >= model.ClassCount)
                throw new ArgumentOutOfRangeException(nameof(classes), label, $"Class must be in 0..{model.ClassCount - 1}.");
        }
        int count = images.Length / shape.Size;
        int k = classes.Count;
        var results = new NeuralCleanseTrigger?[k];
        if (k == 0)
            return [];

        var random = new Random(seed);
        using var pool = tensor(images, [count, shape.Channels, shape.Height, shape.Width]);
        using var maskAdam = new RowAdam(InitialRaw(random, [k, 1, shape.Height, shape.Width]), options.LearningRate);
        using var patternAdam = new RowAdam(InitialRaw(random, [k, shape.Channels, shape.Height, shape.Width]), options.LearningRate);
        var schedules = classes.Select(_ => new CostSchedule(options)).ToArray();
        var best = new (float[] Mask, float[] Pattern, double AttackSuccess)?[k];
        var active = Enumerable.Range(0, k).ToList();
        var order = Enumerable.Range(0, count).ToArray();
        int cursor = order.Length;
        int batch = Math.Min(options.BatchSize, count);

        for (int epoch = 0; epoch < options.MaxEpochs && active.Count > 0; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var labels = tensor(active.Select(i => (long)classes[i]).ToArray()).repeat_interleave(batch);
            var costs = tensor(active.Select(i => (float)schedules[i].Cost).ToArray());
            var successSum = zeros(active.Count);
            var normSum = zeros(active.Count);
            for (int step = 0; step < options.StepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var stepScope = NewDisposeScope();
                var x = pool.index_select(0, tensor(NextBatch(order, ref cursor, batch, random)));
                var maskRaw = maskAdam.Parameter.detach().requires_grad_(true);
                var patternRaw = patternAdam.Parameter.detach().requires_grad_(true);
                var (mask, pattern) = Squash(maskRaw, patternRaw);
                var stamped = ((1 - mask).unsqueeze(1) * x.unsqueeze(0) + (mask * pattern).unsqueeze(1))
                    .view(-1, shape.Channels, shape.Height, shape.Width);
                var logits = model.Logits(PixelGrid.Snap(stamped));
                var crossEntropy = cross_entropy(logits, labels, reduction: nn.Reduction.None).view(active.Count, batch).mean([1]);
                var norms = mask.sum([1, 2, 3]);
                var loss = (crossEntropy + costs * norms).sum();
                var gradients = autograd.grad([loss], [maskRaw, patternRaw]);
                maskAdam.Step(gradients[0]);
                patternAdam.Step(gradients[1]);
                using var noGrad = no_grad();
                successSum.add_(logits.argmax(1).eq(labels).view(active.Count, batch).to(ScalarType.Float32).mean([1]));
                normSum.add_(norms.detach());
            }
            var success = successSum.div(options.StepsPerEpoch).data<float>().ToArray();
            var meanNorm = normSum.div(options.StepsPerEpoch).data<float>().ToArray();
            if (meanNorm.Any(v => !float.IsFinite(v)))
                throw new ModelContractException("Neural Cleanse's mask norms became non-finite: the model's input gradient is NaN or infinite on stamped images.");

            var stopped = new List<int>();
            for (int row = 0; row < active.Count; row++)
            {
                int i = active[row];
                var (improved, stop) = schedules[i].Update(success[row], meanNorm[row]);
                if (improved)
                    best[i] = Snapshot(maskAdam.Parameter, patternAdam.Parameter, row, success[row]);
                if (stop || epoch == options.MaxEpochs - 1)
                {
                    results[i] = Finish(classes[i], schedules[i], best[i] ?? Snapshot(maskAdam.Parameter, patternAdam.Parameter, row, success[row]), best[i] is not null);
                    stopped.Add(row);
                }
            }
            if (stopped.Count > 0)
            {
                var keep = Enumerable.Range(0, active.Count).Where(r => !stopped.Contains(r)).ToArray();
                active = keep.Select(r => active[r]).ToList();
                if (active.Count > 0)
                {
                    using var rows = tensor(keep.Select(r => (long)r).ToArray());
                    maskAdam.Keep(rows);
                    patternAdam.Keep(rows);
                }
            }
            progress?.Report(Math.Min(1.0, (epoch + 1) / (double)options.MaxEpochs + (k - active.Count) / (double)k * (1 - (epoch + 1) / (double)options.MaxEpochs)));
        }
        progress?.Report(1.0);
        return results.Select(r => r!).ToArray();
    }

    internal static (Tensor Mask, Tensor Pattern) Squash(Tensor maskRaw, Tensor patternRaw) =>
        (maskRaw.tanh().div(TanhScale).add(0.5), patternRaw.tanh().div(TanhScale).add(0.5));

    /// <summary>Uniform random mask and pattern in (0,1), as the published code starts, mapped to tanh space.</summary>
    internal static Tensor InitialRaw(Random random, long[] shape)
    {
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)Math.Atanh((random.NextDouble() - 0.5) * TanhScale);
        return tensor(values, shape);
    }

    /// <summary>The next batch of a seeded walk through the images, reshuffled at every pass.</summary>
    private static long[] NextBatch(int[] order, ref int cursor, int batch, Random random)
    {
        var indices = new long[batch];
        for (int i = 0; i < batch; i++)
        {
            if (cursor >= order.Length)
            {
                random.Shuffle(order);
                cursor = 0;
            }
            indices[i] = order[cursor++];
        }
        return indices;
    }

    internal static (float[] Mask, float[] Pattern, double AttackSuccess) Snapshot(Tensor maskRaw, Tensor patternRaw, int row, double attackSuccess)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (mask, pattern) = Squash(maskRaw[row], patternRaw[row]);
        return (mask.flatten().data<float>().ToArray(), pattern.flatten().data<float>().ToArray(), attackSuccess);
    }

    private static NeuralCleanseTrigger Finish(int label, CostSchedule schedule, (float[] Mask, float[] Pattern, double AttackSuccess) trigger, bool reached) =>
        new(label, trigger.Mask, trigger.Pattern, trigger.Mask.Sum(v => (double)v), trigger.AttackSuccess, reached, schedule.Cost, schedule.Epochs);
}
