using Aegis.Core;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>Step 2 of AEGIS: penultimate-layer activations of a set of images, one row per image, each on the 8-bit grid (<see cref="PixelGrid"/>).</summary>
public sealed class FeatureExtractor(IImageClassifier model, int batchSize = 500)
{
    public Matrix Extract(float[] images, CancellationToken cancellationToken = default, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        var shape = model.InputShape;
        if (images.Length % shape.Size != 0)
            throw new ArgumentException($"{images.Length} floats are not a whole number of {shape} images.", nameof(images));

        int count = images.Length / shape.Size;
        int dimension = model.FeatureDimension;
        var features = new float[(long)count * dimension];
        using var inference = inference_mode();
        for (int start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(batchSize, count - start);
            using var scope = NewDisposeScope();
            var batch = tensor(images.AsSpan(start * shape.Size, size * shape.Size).ToArray(), [size, shape.Channels, shape.Height, shape.Width], device: model.Device);
            var rows = model.Features(PixelGrid.Snap(batch));
            // The shape is the model's doing; the message names the rank and what was expected, never its numbers.
            if (rows.dim() != 2 || rows.shape[0] != size || rows.shape[1] != dimension)
                throw new ModelContractException($"features returned a rank-{Math.Min(rows.dim(), 9)} tensor of another shape for {size} images; expected [{size},{dimension}] as on the first call.");
            if (rows.dtype != ScalarType.Float32)
                throw new ModelContractException("features returned values that are not float32.");
            if (!isfinite(rows).all().item<bool>())
                throw new ModelContractException($"features returned non-finite values (NaN or infinity) for images {start}..{start + size - 1}.");
            rows.contiguous().cpu().data<float>().CopyTo(features.AsSpan(start * dimension, size * dimension));
            progress?.Report((start + size) / (double)count);
        }
        return new Matrix(count, dimension, features);
    }
}
