using Aegis.Torch;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Lab.Triggers;
using static TorchSharp.torch;

namespace Aegis.Lab.Training;

/// <summary>
/// The training data as tensors: clean images (optionally a seeded subset) followed by the
/// poisoned copies, plus the per-channel statistics the model normalises with.
/// </summary>
public sealed class LabTrainingSet : IDisposable
{
    private LabTrainingSet(Tensor images, Tensor labels, ImageShape shape, int classCount, int cleanCount, int poisonedCount, float[] mean, float[] std)
    {
        Images = images;
        Labels = labels;
        Shape = shape;
        ClassCount = classCount;
        CleanCount = cleanCount;
        PoisonedCount = poisonedCount;
        Mean = mean;
        Std = std;
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public ImageShape Shape { get; }
    public int ClassCount { get; }
    public int CleanCount { get; }
    public int PoisonedCount { get; }
    public int Count => CleanCount + PoisonedCount;
    public float[] Mean { get; }
    public float[] Std { get; }

    /// <param name="excluded">Training rows left out (`lab train --exclude`: the suspects a trace found), before the subset is drawn.</param>
    public static LabTrainingSet Build(ImageDataset train, int? subset, int seed, PoisonOptions? poison, ITrigger? trigger, IReadOnlySet<int>? excluded = null)
    {
        TorchRuntime.EnsureConfigured();
        if ((poison is null) != (trigger is null))
            throw new ArgumentException("Poisoning needs both the options and the trigger.");
        poison?.Validate(train.ClassCount);
        var shape = new ImageShape(train.Channels, train.Height, train.Width);
        var kept = Enumerable.Range(0, train.Count).Where(i => excluded is null || !excluded.Contains(i)).ToArray();
        if (kept.Length == 0)
            throw new ArgumentException("Every training row is excluded.");
        var indices = kept;
        if (subset is int n)
        {
            // As ImageDataset.Sample draws it, so a model trained without exclusions gets the same subset as before.
            var order = (int[])kept.Clone();
            new Random(seed).Shuffle(order);
            indices = order.Length <= n ? order : order[..n];
        }
        var images = tensor(train.GetImages(indices)).reshape(indices.Length, shape.Channels, shape.Height, shape.Width);
        var labels = tensor(indices.Select(i => (long)train.Labels[i]).ToArray());
        var (mean, std) = ChannelStatistics(images);
        if (poison is null || trigger is null)
            return new LabTrainingSet(images, labels, shape, train.ClassCount, indices.Length, 0, mean, std);

        var victims = Poisoning.ChooseVictims(labels, poison, seed);
        using var victimIndex = tensor(victims);
        using var clean = images.index_select(0, victimIndex);
        var poisoned = trigger.Apply(clean);
        var all = cat([images, poisoned], 0);
        var allLabels = cat([labels, full(victims.Length, (long)poison.Target)], 0);
        images.Dispose();
        labels.Dispose();
        poisoned.Dispose();
        return new LabTrainingSet(all, allLabels, shape, train.ClassCount, indices.Length, victims.Length, mean, std);
    }

    /// <summary>
    /// The same samples on the 8-bit grid (as an exported IDX or CIFAR file holds them) in a seeded
    /// shuffled order, so the poisoned copies sit among the clean rows; <paramref name="poisonedRows"/>
    /// says where they went. `lab train --export-data` trains on exactly this set and writes it.
    /// </summary>
    public LabTrainingSet ShuffledOnGrid(int seed, out int[] poisonedRows)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(unchecked(seed * 7919 + 3)).Shuffle(order);
        using var index = tensor(order.Select(i => (long)i).ToArray());
        var images = Images.index_select(0, index).mul_(PixelLevels.Max).round_().clamp_(0, PixelLevels.Max).mul_(PixelLevels.Scale);
        var labels = Labels.index_select(0, index);
        poisonedRows = Enumerable.Range(0, Count).Where(row => order[row] >= CleanCount).ToArray();
        return new LabTrainingSet(images, labels, Shape, ClassCount, CleanCount, PoisonedCount, Mean, Std);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    private static (float[] Mean, float[] Std) ChannelStatistics(Tensor images)
    {
        using var perChannel = images.transpose(0, 1).flatten(1);
        using var mean = perChannel.mean([1]);
        using var std = perChannel.std(1);
        return (mean.data<float>().ToArray(), std.clamp_min(1e-3).data<float>().ToArray());
    }
}
