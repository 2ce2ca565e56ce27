using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// The model side of the causal check: stamps each candidate patch onto held-out images of every class
/// and counts, per origin class, which class the model then calls them. The probe
/// images are drawn once per scan — for every class, up to <see cref="TriggerProbeParameters.ProbesPerClass"/>
/// held-out images the model classifies correctly, so a flip is a change the patch caused — and
/// reused for every label. Forward passes only: about (1 + clusters + origins) × 10 × 50 images per class. Stamped
/// images are snapped to the 8-bit grid (<see cref="PixelGrid"/>), as a trigger printed on a real image is.
/// </summary>
public sealed class TriggerProbe : ITriggerProbe
{
    private readonly IImageClassifier _model;
    private readonly int _batchSize;
    private readonly Lazy<(float[] Images, int[] Labels)> _probes;

    public TriggerProbe(IImageClassifier model, ImageDataset heldOut, TriggerProbeParameters parameters, int seed, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(parameters);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        DatasetCompatibility.EnsureMatches(model, heldOut);
        _model = model;
        _batchSize = batchSize;
        _probes = new Lazy<(float[], int[])>(() => DrawProbes(heldOut, parameters.ProbesPerClass, seed));
    }

    public Task<IReadOnlyList<TriggerProbeCounts>> ProbeAsync(int label, IReadOnlyList<TriggerCandidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (label < 0 || label >= _model.ClassCount)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be in 0..{_model.ClassCount - 1}.");
        return Task.Run<IReadOnlyList<TriggerProbeCounts>>(() => candidates.Select(c => Probe(c, cancellationToken)).ToArray(), cancellationToken);
    }

    /// <summary>Runs only the candidate's own stamp: every probe image, stamped, classified.</summary>
    private TriggerProbeCounts Probe(TriggerCandidate candidate, CancellationToken cancellationToken)
    {
        var shape = _model.InputShape;
        int plane = shape.Height * shape.Width;
        if (candidate.Locations.Any(l => l < 0 || l >= plane) || candidate.Pattern.Length != candidate.Locations.Length * shape.Channels)
            throw new ArgumentException($"Candidate {candidate.Source} does not fit {shape} images.", nameof(candidate));

        var (images, labels) = _probes.Value;
        var destinations = Enumerable.Range(0, _model.ClassCount).Select(_ => new int[_model.ClassCount]).ToArray();
        for (int start = 0; start < labels.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(labels.Length, start + _batchSize) - start;
            var stamped = images.AsSpan(start * shape.Size, count * shape.Size).ToArray();
            for (int b = 0; b < count; b++)
                candidate.StampInto(stamped.AsSpan(b * shape.Size, shape.Size), shape);
            var predictions = Predict(stamped, count);
            for (int b = 0; b < count; b++)
                destinations[labels[start + b]][predictions[b]]++;
        }
        return new TriggerProbeCounts(destinations);
    }

    /// <summary>Up to <paramref name="perClass"/> held-out images of every class that the model gets right, in a seeded order.</summary>
    private (float[] Images, int[] Labels) DrawProbes(ImageDataset heldOut, int perClass, int seed)
    {
        var order = heldOut.Sample(heldOut.Count, seed);
        var kept = new List<int>();
        var counts = new int[_model.ClassCount];
        for (int start = 0; start < order.Length && counts.Any(c => c < perClass); start += _batchSize)
        {
            var batch = order[start..Math.Min(order.Length, start + _batchSize)]
                .Where(i => counts[heldOut.Labels[i]] < perClass).ToArray();
            var predictions = Predict(heldOut.GetImages(batch), batch.Length);
            for (int b = 0; b < batch.Length; b++)
            {
                int truth = heldOut.Labels[batch[b]];
                if (predictions[b] == truth && counts[truth] < perClass)
                {
                    counts[truth]++;
                    kept.Add(batch[b]);
                }
            }
        }
        return (heldOut.GetImages(kept), kept.Select(i => heldOut.Labels[i]).ToArray());
    }

    private long[] Predict(float[] images, int count)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var shape = _model.InputShape;
        var batch = tensor(images, [count, shape.Channels, shape.Height, shape.Width]);
        return _model.Logits(PixelGrid.Snap(batch)).argmax(1).data<long>().ToArray();
    }
}
