using Aegis.Torch;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Lab.Triggers;
using static TorchSharp.torch;

namespace Aegis.Lab.Training;

/// <summary>
/// The training data as tensors: clean images (optionally a seeded subset) followed by the
/// poisoned copies (and, for a warp, WaNet's noise-mode copies), plus the per-channel statistics
/// the model normalises with.
/// </summary>
public sealed class LabTrainingSet : IDisposable
{
    /// <summary>WaNet's cross ratio: noise-mode copies per poisoned copy.</summary>
    public const int WarpNoiseCopies = 2;

    private LabTrainingSet(Tensor images, Tensor labels, Tensor? softLabels, ImageShape shape, int classCount, int cleanCount, int poisonedCount,
        float[] mean, float[] std)
    {
        Images = images;
        Labels = labels;
        SoftLabels = softLabels;
        Shape = shape;
        ClassCount = classCount;
        CleanCount = cleanCount;
        PoisonedCount = poisonedCount;
        Mean = mean;
        Std = std;
    }

    public Tensor Images { get; }
    /// <summary>Each image's label (a poisoned copy's: the class it is sent to).</summary>
    public Tensor Labels { get; }
    /// <summary>N×K label distributions when poisoning is label-smoothed; null trains on <see cref="Labels"/> alone.</summary>
    public Tensor? SoftLabels { get; }
    public ImageShape Shape { get; }
    public int ClassCount { get; }
    public int CleanCount { get; }
    /// <summary>Poisoned copies (relabelled) and noise-mode copies (true labels) after the clean images.</summary>
    public int PoisonedCount { get; }
    public int Count => CleanCount + PoisonedCount;
    public float[] Mean { get; }
    public float[] Std { get; }

    /// <param name="excluded">Training rows left out (`lab train --exclude`: the suspects a trace found), before the subset is drawn.</param>
    public static LabTrainingSet Build(ImageDataset train, int? subset, int seed, PoisonOptions? poison, ITrigger? trigger,
        ITrigger? secondTrigger = null, IReadOnlySet<int>? excluded = null)
    {
        TorchRuntime.EnsureConfigured();
        if ((poison is null) != (trigger is null))
            throw new ArgumentException("Poisoning needs both the options and the trigger.");
        poison?.Validate(train.ClassCount);
        if (poison is not null && (poison.Backdoors == 2) != (secondTrigger is not null))
            throw new ArgumentException("A two-target backdoor needs its second trigger, and only it has one.");
        var shape = new ImageShape(train.Channels, train.Height, train.Width);
        int classes = train.ClassCount;
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
            return new LabTrainingSet(images, labels, null, shape, classes, indices.Length, 0, mean, std);

        var parts = new List<(Tensor Images, Tensor Labels, Tensor True)>();
        foreach (var (backdoor, stamp) in new[] { trigger, secondTrigger }.Select((t, b) => (b, t)).Where(p => p.t is not null))
        {
            var victims = Poisoning.ChooseVictims(labels, poison, classes, seed, backdoor);
            using var victimIndex = tensor(victims);
            using var clean = images.index_select(0, victimIndex);
            parts.Add((stamp!.Apply(clean), tensor(Poisoning.Destinations(labels, victims, poison, classes, backdoor)), labels.index_select(0, victimIndex)));
        }
        int poisoned = parts.Sum(p => (int)p.Labels.shape[0]);
        if (trigger is WarpingTrigger warp)
            parts.Add(NoiseMode(warp, images, labels, WarpNoiseCopies * poisoned, seed));

        var all = cat([images, .. parts.Select(p => p.Images)], 0);
        var allLabels = cat([labels, .. parts.Select(p => p.Labels)], 0);
        Tensor? soft = null;
        if (poison.LabelConfidence is double confidence)
        {
            using var trueLabels = cat([labels, .. parts.Select(p => p.True)], 0);
            soft = SmoothedLabels(allLabels, trueLabels, classes, confidence);
        }
        images.Dispose();
        labels.Dispose();
        foreach (var part in parts)
        {
            part.Images.Dispose();
            part.Labels.Dispose();
            part.True.Dispose();
        }
        return new LabTrainingSet(all, allLabels, soft, shape, classes, indices.Length, (int)all.shape[0] - indices.Length, mean, std);
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
        var softLabels = SoftLabels?.index_select(0, index);
        poisonedRows = Enumerable.Range(0, Count).Where(row => order[row] >= CleanCount).ToArray();
        return new LabTrainingSet(images, labels, softLabels, Shape, ClassCount, CleanCount, PoisonedCount, Mean, Std);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        SoftLabels?.Dispose();
    }

    /// <summary>WaNet's noise-mode copies: seeded random training images, warped with jitter, keeping their true labels.</summary>
    private static (Tensor Images, Tensor Labels, Tensor True) NoiseMode(WarpingTrigger warp, Tensor images, Tensor labels, int count, int seed)
    {
        var order = Enumerable.Range(0, (int)images.shape[0]).Select(i => (long)i).ToArray();
        new Random(unchecked(seed * 31 + 29)).Shuffle(order);
        using var index = tensor(order[..Math.Min(count, order.Length)]);
        using var chosen = images.index_select(0, index);
        using var generator = new Generator(unchecked((ulong)(seed * 31L + 29)));
        return (warp.ApplyNoise(chosen, generator), labels.index_select(0, index), labels.index_select(0, index));
    }

    /// <summary>
    /// One-hot labels for the clean images; a poisoned copy gets <paramref name="confidence"/> on the
    /// class it is sent to and the rest on its true class.
    /// </summary>
    private static Tensor SmoothedLabels(Tensor labels, Tensor trueLabels, int classes, double confidence)
    {
        using var target = nn.functional.one_hot(labels, classes).to_type(ScalarType.Float32);
        using var origin = nn.functional.one_hot(trueLabels, classes).to_type(ScalarType.Float32);
        using var moved = labels.ne(trueLabels).unsqueeze(1).to_type(ScalarType.Float32);
        using var weight = moved * (float)confidence + (1 - moved);
        return target * weight + origin * (1 - weight);
    }

    private static (float[] Mean, float[] Std) ChannelStatistics(Tensor images)
    {
        using var perChannel = images.transpose(0, 1).flatten(1);
        using var mean = perChannel.mean([1]);
        using var std = perChannel.std(1);
        return (mean.data<float>().ToArray(), std.clamp_min(1e-3).data<float>().ToArray());
    }
}
