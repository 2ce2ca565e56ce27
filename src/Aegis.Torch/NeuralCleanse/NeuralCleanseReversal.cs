using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;

namespace Aegis.Torch.NeuralCleanse;

/// <summary>
/// Neural Cleanse's model-side work for a scan: reverse-engineer every class's trigger on a seeded
/// sample of clean training images, then check each on held-out images it was not optimised on (the
/// test split; without one, training images outside the sample). The decision is Core's
/// <see cref="NeuralCleanseRule"/>.
/// </summary>
public sealed class NeuralCleanseReversal(IImageClassifier model)
{
    public IReadOnlyList<NeuralCleanseTrigger> Run(ImageDataset training, ImageDataset? heldOut, IReadOnlyList<int> classes, NeuralCleanseParameters options,
        int seed = 0, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DatasetCompatibility.EnsureMatches(model, training);
        var sample = training.Sample(options.Images, seed);
        // Verification is a few forward passes; the reversal is nearly all of the time.
        var triggers = new TriggerReverser(model).Reverse(training.GetImages(sample), classes, options, seed,
            progress is null ? null : new ScaledProgress(progress, 0.95), cancellationToken);

        var (verification, candidates) = heldOut is null ? (training, Unused(training.Count, sample)) : (heldOut, Enumerable.Range(0, heldOut.Count).ToArray());
        var verifier = new TriggerVerification(model);
        var verified = triggers.Select(t => options.VerificationImages == 0 || candidates.Length == 0
            ? t
            : t with { HeldOutAttackSuccess = verifier.AttackSuccess(t, verification, candidates, options.VerificationImages, seed + 1, cancellationToken) }).ToArray();
        progress?.Report(1.0);
        return verified;
    }

    /// <summary>
    /// The all-to-all row (<see cref="AllToAllReverser"/>): optimised on an equal share of <see cref="NeuralCleanseParameters.Images"/>
    /// from every class, its destinations counted on <see cref="NeuralCleanseParameters.AllToAllImagesPerClass"/> held-out images of each.
    /// Null when some class has no training images: a matching over classes needs every class.
    /// </summary>
    public AllToAllReversal? ReverseAllToAll(ImageDataset training, ImageDataset? heldOut, NeuralCleanseParameters options,
        int seed = 0, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DatasetCompatibility.EnsureMatches(model, training);
        int classes = model.ClassCount;
        int perClass = Math.Max(1, options.Images / classes);
        var samples = Enumerable.Range(0, classes).Select(label => training.Sample(perClass, seed, label)).ToArray();
        if (samples.Any(s => s.Length == 0))
            return null;
        var used = samples.SelectMany(s => s).ToHashSet();
        var checkedOn = heldOut ?? training;
        var heldOutPerClass = Enumerable.Range(0, classes)
            .Select(label => checkedOn.Sample(checkedOn.Count, seed + 2, label).Where(i => heldOut is not null || !used.Contains(i)).Take(options.AllToAllImagesPerClass).ToArray())
            .ToArray();
        return new AllToAllReverser(model).Reverse(training, samples, checkedOn, heldOutPerClass, options, seed, progress, cancellationToken);
    }

    /// <summary>Indices of the training images the optimisation did not see.</summary>
    private static int[] Unused(int count, int[] used)
    {
        var seen = used.ToHashSet();
        return Enumerable.Range(0, count).Where(i => !seen.Contains(i)).ToArray();
    }
}
