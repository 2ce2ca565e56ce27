using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// The logits of the input-gate probe, row-aligned: <see cref="Reference"/> [Images, Classes] for the
/// held-out images as read, and one array of the same shape per <see cref="InputGateVariants.All"/>.
/// A variant row the model answered with NaN or infinity is all zeros and false in <see cref="Finite"/>.
/// </summary>
public sealed record InputGateLogits(float[] Reference, IReadOnlyList<float[]> Variants, IReadOnlyList<bool[]> Finite, int Images, int Classes);

/// <summary>
/// The model side of the input-gate probe (issue 17): real held-out images, classified as the
/// dataset loader reads them in the scan's batch size, and again after each change of
/// <see cref="InputGateVariants"/> — changes no real image pipeline would notice. A model that checks
/// whether its input looks like the scanner's (off the 8-bit grid, in large batches, with gradients
/// on) and answers with another network then answers real images differently under some change.
/// Forward passes only, no snapping: the probe's point is to offer the model what the grid hides.
/// The parent judges the logits (Aegis.Core's InputGateRule).
/// </summary>
public sealed class InputGateProbe(IImageClassifier model, int batchSize = 250)
{
    /// <summary>The noise's largest amplitude in levels: under half, so rounding to 8 bits undoes it.</summary>
    private const double NoiseLevels = 0.45;

    /// <summary>The dither moves about one pixel in this many: a dozen of a 28x28 image, fewer than sub-quantum noise's whole-image budget in L2.</summary>
    private const int DitherEvery = 64;

    public InputGateLogits Run(ImageDataset heldOut, int images, int seed, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        DatasetCompatibility.EnsureMatches(model, heldOut);
        var indices = heldOut.Sample(images, seed);
        int count = indices.Length;
        var pixels = heldOut.GetImages(indices);

        var (reference, finite) = Logits(pixels, count, batchSize, withGradient: false, cancellationToken);
        if (finite.Contains(false))
            throw new ModelContractException("forward returned non-finite logits (NaN or infinity) on real held-out images.");
        var variants = new List<float[]>();
        var flags = new List<bool[]>();
        var random = new Random(seed);
        for (int v = 0; v < InputGateVariants.All.Count; v++)
        {
            var (logits, rows) = InputGateVariants.All[v] switch
            {
                InputGateVariants.SubQuantumNoise => Logits(SubQuantumNoise(pixels, random), count, batchSize, false, cancellationToken),
                InputGateVariants.Reencoded => Logits(Reencoded(heldOut, indices), count, batchSize, false, cancellationToken),
                InputGateVariants.Dithered => Logits(Dithered(heldOut, indices, random), count, batchSize, false, cancellationToken),
                InputGateVariants.OneAtATime => Logits(pixels, count, 1, false, cancellationToken),
                InputGateVariants.Shuffled => Shuffled(pixels, count, random, cancellationToken),
                InputGateVariants.Duplicated => Duplicated(pixels, count, cancellationToken),
                InputGateVariants.WithGradient => Logits(pixels, count, batchSize, true, cancellationToken),
                var name => throw new InvalidOperationException($"No input-gate variant named {name}."),
            };
            variants.Add(logits);
            flags.Add(rows);
            progress?.Report((v + 1) / (double)InputGateVariants.All.Count);
        }
        return new InputGateLogits(reference, variants, flags, count, model.ClassCount);
    }

    /// <summary>Each pixel moved by up to <see cref="NoiseLevels"/> of a level, inward at 0 and 1 so it stays in [0,1].</summary>
    internal static float[] SubQuantumNoise(float[] pixels, Random random)
    {
        var noisy = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            double delta = (random.NextDouble() * 2 - 1) * NoiseLevels / PixelLevels.Max;
            double moved = pixels[i] + delta;
            noisy[i] = (float)(moved is < 0 or > 1 ? pixels[i] - delta : moved);
        }
        return noisy;
    }

    /// <summary>The same bytes as level / 255 in double, rounded once to float: the value torchvision and numpy give them.</summary>
    internal static float[] Reencoded(ImageDataset heldOut, int[] indices)
    {
        int size = heldOut.ImageSize;
        var values = new float[indices.Length * size];
        for (int n = 0; n < indices.Length; n++)
        {
            var bytes = heldOut.Pixels.AsSpan(indices[n] * size, size);
            for (int p = 0; p < size; p++)
                values[n * size + p] = (float)(bytes[p] / (double)PixelLevels.Max);
        }
        return values;
    }

    /// <summary>The same bytes with one pixel in <see cref="DitherEvery"/> moved a level up or down at random (inward at 0 and 255), as the loader's floats.</summary>
    internal static float[] Dithered(ImageDataset heldOut, int[] indices, Random random)
    {
        int size = heldOut.ImageSize;
        var values = new float[indices.Length * size];
        for (int n = 0; n < indices.Length; n++)
        {
            var bytes = heldOut.Pixels.AsSpan(indices[n] * size, size);
            for (int p = 0; p < size; p++)
            {
                int level = bytes[p];
                if (random.Next(DitherEvery) == 0)
                    level = level == 0 ? 1 : level == PixelLevels.Max ? level - 1 : level + (random.Next(2) * 2 - 1);
                values[n * size + p] = PixelLevels.Value(level);
            }
        }
        return values;
    }

    /// <summary>The images in a seeded random order, answered in the scan's batch size, put back in the reference's order.</summary>
    private (float[] Logits, bool[] Finite) Shuffled(float[] pixels, int count, Random random, CancellationToken cancellationToken)
    {
        int size = model.InputShape.Size, classes = model.ClassCount;
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        var shuffled = new float[pixels.Length];
        for (int j = 0; j < count; j++)
            pixels.AsSpan(order[j] * size, size).CopyTo(shuffled.AsSpan(j * size, size));
        var (logits, finite) = Logits(shuffled, count, batchSize, false, cancellationToken);
        var restored = new float[logits.Length];
        var restoredFinite = new bool[count];
        for (int j = 0; j < count; j++)
        {
            logits.AsSpan(j * classes, classes).CopyTo(restored.AsSpan(order[j] * classes, classes));
            restoredFinite[order[j]] = finite[j];
        }
        return (restored, restoredFinite);
    }

    /// <summary>Batches of the scan's size made of half as many images, each twice; the first copy's answer is kept.</summary>
    private (float[] Logits, bool[] Finite) Duplicated(float[] pixels, int count, CancellationToken cancellationToken)
    {
        int size = model.InputShape.Size, classes = model.ClassCount;
        int half = Math.Max(1, batchSize / 2);
        var logits = new float[count * classes];
        var finite = new bool[count];
        for (int start = 0; start < count; start += half)
        {
            int n = Math.Min(half, count - start);
            var chunk = pixels.AsSpan(start * size, n * size);
            var doubled = new float[2 * n * size];
            chunk.CopyTo(doubled);
            chunk.CopyTo(doubled.AsSpan(n * size));
            var (rows, rowsFinite) = Logits(doubled, 2 * n, 2 * n, false, cancellationToken);
            rows.AsSpan(0, n * classes).CopyTo(logits.AsSpan(start * classes));
            rowsFinite.AsSpan(0, n).CopyTo(finite.AsSpan(start));
        }
        return (logits, finite);
    }

    /// <summary>Logits of <paramref name="count"/> images in batches of <paramref name="batch"/>; a non-finite row is zeroed and flagged.</summary>
    private (float[] Logits, bool[] Finite) Logits(float[] pixels, int count, int batch, bool withGradient, CancellationToken cancellationToken)
    {
        var shape = model.InputShape;
        int classes = model.ClassCount;
        var logits = new float[count * classes];
        for (int start = 0; start < count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(batch, count - start);
            using var scope = NewDisposeScope();
            var x = tensor(pixels.AsSpan(start * shape.Size, size * shape.Size).ToArray(), [size, shape.Channels, shape.Height, shape.Width], device: model.Device);
            Tensor rows;
            if (withGradient)
            {
                rows = model.Logits(x.requires_grad_(true)).detach();
            }
            else
            {
                using var inference = inference_mode();
                rows = model.Logits(x);
            }
            if (rows.dim() != 2 || rows.shape[0] != size || rows.shape[1] != classes || rows.dtype != ScalarType.Float32)
                throw new ModelContractException($"forward returned another shape or type than on the first call; expected float32 [{size},{classes}].");
            rows.contiguous().cpu().data<float>().CopyTo(logits.AsSpan(start * classes, size * classes));
        }
        var finite = new bool[count];
        for (int n = 0; n < count; n++)
        {
            var row = logits.AsSpan(n * classes, classes);
            finite[n] = AllFinite(row);
            if (!finite[n])
                row.Clear();
        }
        return (logits, finite);
    }

    private static bool AllFinite(ReadOnlySpan<float> row)
    {
        foreach (var value in row)
        {
            if (!float.IsFinite(value))
                return false;
        }
        return true;
    }
}
