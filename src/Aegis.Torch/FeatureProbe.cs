using Aegis.Core.Datasets;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>Logits and exported features of the same probe images, row-aligned.</summary>
public sealed record FeatureProbeResult(float[] Logits, float[] Features, int Images, int Classes, int Dimension);

/// <summary>
/// The probe batch of the honest-features check: a model that exports one thing as its
/// "features" and decides with another must show it on some input AEGIS feeds it, so the batch
/// mixes the inputs a scan uses — clean training images, the same with Gaussian noise, with a
/// pasted square (a trigger's shape), and translated by targeted PGD toward random labels — in
/// four equal parts, every image on the 8-bit grid (<see cref="PixelGrid"/>). The check itself runs in
/// the parent (Aegis.Core's FeatureConsistency).
/// </summary>
public sealed class FeatureProbe(IImageClassifier model, int batchSize = 250)
{
    /// <summary>Standard deviation of the pixel noise: visible, like the perturbations PGD makes.</summary>
    private const double NoiseStd = 0.1;

    public FeatureProbeResult Run(ImageDataset training, int images, int seed, TranslationOptions translation,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        DatasetCompatibility.EnsureMatches(model, training);
        var shape = model.InputShape;
        int quarter = Math.Max(1, images / 4);
        var random = new Random(seed);
        var clean = training.GetImages(training.Sample(quarter, seed));
        int count = clean.Length / shape.Size;

        var noisy = (float[])clean.Clone();
        for (int i = 0; i < noisy.Length; i++)
            noisy[i] = Math.Clamp(noisy[i] + (float)(NoiseStd * Gaussian(random)), 0f, 1f);
        PixelGrid.Snap(noisy);

        var patched = (float[])clean.Clone();
        for (int n = 0; n < count; n++)
            PasteSquare(patched.AsSpan(n * shape.Size, shape.Size), random);

        var targets = Enumerable.Range(0, count).Select(_ => random.Next(model.ClassCount)).ToArray();
        var translationProgress = progress is null ? null : new ScaledProgress(progress, 0.8);
        var translated = new ImageTranslator(model).Translate(clean, targets, translation, translationProgress, cancellationToken).Images;

        var all = clean.Concat(noisy).Concat(patched).Concat(translated).ToArray();
        int total = all.Length / shape.Size;
        var features = new FeatureExtractor(model, batchSize).Extract(all, cancellationToken);
        var logits = Logits(all, total, cancellationToken);
        progress?.Report(1.0);
        return new FeatureProbeResult(logits, features.Data, total, model.ClassCount, features.Columns);
    }

    private float[] Logits(float[] images, int count, CancellationToken cancellationToken)
    {
        var shape = model.InputShape;
        var logits = new float[(long)count * model.ClassCount];
        using var inference = inference_mode();
        for (int start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(batchSize, count - start);
            using var scope = NewDisposeScope();
            var batch = tensor(images.AsSpan(start * shape.Size, size * shape.Size).ToArray(), [size, shape.Channels, shape.Height, shape.Width], device: model.Device);
            var rows = model.Logits(PixelGrid.Snap(batch));
            if (rows.dim() != 2 || rows.shape[0] != size || rows.shape[1] != model.ClassCount || rows.dtype != ScalarType.Float32)
                throw new ModelContractException($"forward returned another shape or type than on the first call; expected float32 [{size},{model.ClassCount}].");
            if (!isfinite(rows).all().item<bool>())
                throw new ModelContractException($"forward returned non-finite logits (NaN or infinity) for probe images {start}..{start + size - 1}.");
            rows.contiguous().cpu().data<float>().CopyTo(logits.AsSpan(start * model.ClassCount, size * model.ClassCount));
        }
        return logits;
    }

    /// <summary>A white or black square of a tenth to a quarter of the side, anywhere, in every channel.</summary>
    private void PasteSquare(Span<float> image, Random random)
    {
        var shape = model.InputShape;
        int side = Math.Max(1, random.Next(shape.Width / 10, shape.Width / 4 + 1));
        int top = random.Next(0, shape.Height - side + 1), left = random.Next(0, shape.Width - side + 1);
        float value = random.Next(2);
        for (int c = 0; c < shape.Channels; c++)
            for (int y = top; y < top + side; y++)
                image.Slice((c * shape.Height + y) * shape.Width + left, side).Fill(value);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
