using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch.MaxMargin;

/// <summary>
/// MM-BD's model-side work: for each class k, gradient ascent from uniform random images on the margin
/// logit_k − max_{j≠k} logit_j, summed over the class's images, with plain steps of the learning rate
/// (the published SGD is made anew each step, so its momentum never acts) and the iterate projected back
/// to [0,1] after each step (the published code clamps inside the forward pass instead). The model only
/// sees the images on the 8-bit grid (<see cref="PixelGrid"/>, straight-through gradient), so the
/// statistic — the largest margin among the class's images in its last forward pass — is the margin of
/// real, storable images. A class stops when its summed margin changes by less than the tolerance of
/// itself (as published) or after the step limit. Classes share forward passes, as many as fit in the
/// batch size; the result is the same class by class, since each image's gradient is its own.
/// </summary>
public sealed class MaxMarginSearch(IImageClassifier model)
{
    public IReadOnlyList<MmBdClass> Run(IReadOnlyList<int> classes, MmBdParameters parameters, int seed, int batchSize,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        foreach (var label in classes)
        {
            if (label < 0 || label >= model.ClassCount)
                throw new ArgumentOutOfRangeException(nameof(classes), label, $"Class must be in 0..{model.ClassCount - 1}.");
        }
        if (model.ClassCount < 2)
            throw new ModelContractException("A margin needs at least two classes.");
        var random = new Random(seed);
        int perChunk = Math.Max(1, batchSize / parameters.Images);
        var results = new List<MmBdClass>(classes.Count);
        for (int start = 0; start < classes.Count; start += perChunk)
        {
            var chunk = classes.Skip(start).Take(perChunk).ToArray();
            int done = start;
            results.AddRange(RunChunk(chunk, parameters, random,
                progress is null ? null : new ScaledProgress(progress, chunk.Length / (double)classes.Count, done / (double)classes.Count), cancellationToken));
        }
        progress?.Report(1.0);
        return results;
    }

    private IEnumerable<MmBdClass> RunChunk(int[] classes, MmBdParameters parameters, Random random, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var shape = model.InputShape;
        int n = parameters.Images;
        var results = new MmBdClass?[classes.Length];
        var lastLoss = Enumerable.Repeat(double.NaN, classes.Length).ToArray();
        var active = Enumerable.Range(0, classes.Length).ToList();
        var start = new float[classes.Length * n * shape.Size];
        for (int i = 0; i < start.Length; i++)
            start[i] = random.NextSingle();
        var images = tensor(start, [classes.Length * n, shape.Channels, shape.Height, shape.Width]);
        try
        {
            for (int step = 1; step <= parameters.MaxSteps && active.Count > 0; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var labels = tensor(active.SelectMany(i => Enumerable.Repeat((long)classes[i], n)).ToArray()).unsqueeze(1);
                var x = images.detach().requires_grad_(true);
                var logits = model.Logits(PixelGrid.Snap(x));
                var target = logits.gather(1, labels).squeeze(1);
                var own = nn.functional.one_hot(labels.squeeze(1), logits.shape[1]).to(ScalarType.Bool);
                var others = logits.masked_fill(own, float.NegativeInfinity).amax([1]);
                var margins = (target - others).view(active.Count, n);
                var gradient = autograd.grad([margins.sum().neg()], [x])[0];
                double[] losses, largest;
                using (no_grad())
                {
                    losses = margins.sum([1]).neg().to(ScalarType.Float64).data<double>().ToArray();
                    largest = margins.amax([1]).to(ScalarType.Float64).data<double>().ToArray();
                    if (losses.Any(v => !double.IsFinite(v)) || largest.Any(v => !double.IsFinite(v)))
                        throw new ModelContractException("MM-BD's margins became non-finite: the model's logits are NaN or infinite on grid images.");
                    if (gradient.isnan().any().item<bool>())
                        throw new ModelContractException("MM-BD's input gradient is NaN.");
                    var next = images.sub(gradient.mul(parameters.LearningRate)).clamp_(0, 1);
                    images.Dispose();
                    images = next.MoveToOuterDisposeScope();
                }

                var stopped = new List<int>();
                for (int row = 0; row < active.Count; row++)
                {
                    int i = active[row];
                    bool settled = double.IsFinite(lastLoss[i]) && Math.Abs(lastLoss[i] - losses[row]) <= parameters.Tolerance * Math.Abs(lastLoss[i]);
                    lastLoss[i] = losses[row];
                    if (settled || step == parameters.MaxSteps)
                    {
                        results[i] = new MmBdClass(classes[i], largest[row], step);
                        stopped.Add(row);
                    }
                }
                if (stopped.Count > 0 && stopped.Count < active.Count)
                {
                    var keep = Enumerable.Range(0, active.Count).Where(r => !stopped.Contains(r)).ToArray();
                    using var rows = tensor(keep.SelectMany(r => Enumerable.Range(r * n, n).Select(v => (long)v)).ToArray());
                    var kept = images.index_select(0, rows).MoveToOuterDisposeScope();
                    images.Dispose();
                    images = kept;
                    active = keep.Select(r => active[r]).ToList();
                }
                else if (stopped.Count == active.Count)
                {
                    active.Clear();
                }
                progress?.Report(Math.Min(1.0, step / (double)parameters.MaxSteps + (classes.Length - active.Count) / (double)classes.Length * (1 - step / (double)parameters.MaxSteps)));
            }
        }
        finally
        {
            images.Dispose();
        }
        return results.Select(r => r!);
    }
}
