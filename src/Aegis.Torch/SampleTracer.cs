using Aegis.Core.Datasets;
using Aegis.Core.Tracing;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// The model side of `aegis trace` for one flagged class: logits of every training sample of the class
/// as it is and with the trigger region covered, its features, and logits and features of other classes'
/// images with the trigger stamped on, and features of the class's own clean images (held out when there is a test split). Forward passes only, every image snapped to the 8-bit grid
/// (<see cref="PixelGrid"/>).
/// </summary>
public sealed class SampleTracer(IImageClassifier model, int batchSize)
{
    public sealed record Output(int[] Rows, float[] Logits, float[] CoveredLogits, float[] Features, float[] StampedLogits, float[] StampedFeatures, int Stamped, float[] ReferenceFeatures, int References);

    public Output Run(ImageDataset training, ImageDataset? heldOut, TraceTrigger trigger, float[] fill, int stamped, int seed, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(trigger);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        DatasetCompatibility.EnsureMatches(model, training);
        var shape = model.InputShape;
        if (trigger.Shape != shape || fill.Length != shape.Size)
            throw new ArgumentException($"The trigger and fill do not fit {shape} images.");
        var rows = training.IndicesOf(trigger.Label).ToArray();
        var pool = heldOut ?? training;
        var others = Enumerable.Range(0, pool.Count).Where(i => pool.Labels[i] != trigger.Label).ToArray();
        new Random(seed).Shuffle(others);
        var stampedRows = others[..Math.Min(stamped, others.Length)];
        // The class's own clean images: held out when there is a test split (no poison there), else its training rows.
        var references = (heldOut is null ? rows : heldOut.IndicesOf(trigger.Label).ToArray()).ToArray();
        new Random(seed + 1).Shuffle(references);
        references = references[..Math.Min(stamped, references.Length)];

        int done = 0, total = 2 * rows.Length + stampedRows.Length + references.Length;
        var logits = new float[(long)rows.Length * model.ClassCount];
        var covered = new float[logits.Length];
        var features = new float[(long)rows.Length * model.FeatureDimension];
        Forward(training, rows, image => image, logits, features);
        Forward(training, rows, image => { trigger.Cover(image, fill, image); return image; }, covered, null);
        var stampedLogits = new float[(long)stampedRows.Length * model.ClassCount];
        var stampedFeatures = new float[(long)stampedRows.Length * model.FeatureDimension];
        Forward(pool, stampedRows, image => { trigger.Stamp(image, image); return image; }, stampedLogits, stampedFeatures);
        var referenceFeatures = new float[(long)references.Length * model.FeatureDimension];
        Forward(heldOut ?? training, references, image => image, new float[(long)references.Length * model.ClassCount], referenceFeatures);
        return new Output(rows, logits, covered, features, stampedLogits, stampedFeatures, stampedRows.Length, referenceFeatures, references.Length);

        void Forward(ImageDataset data, int[] indices, Func<float[], float[]> change, float[] logitsOut, float[]? featuresOut)
        {
            int size = shape.Size;
            for (int start = 0; start < indices.Length; start += batchSize)
            {
                int count = Math.Min(batchSize, indices.Length - start);
                var images = data.GetImages(new ArraySegment<int>(indices, start, count));
                var one = new float[size];
                for (int b = 0; b < count; b++)
                {
                    images.AsSpan(b * size, size).CopyTo(one);
                    change(one).CopyTo(images.AsSpan(b * size, size));
                }
                using var scope = NewDisposeScope();
                using var inference = inference_mode();
                var batch = PixelGrid.Snap(tensor(images, [count, shape.Channels, shape.Height, shape.Width], device: model.Device));
                var answer = model.Logits(batch);
                if (answer.dim() != 2 || answer.shape[0] != count || answer.shape[1] != model.ClassCount || answer.dtype != ScalarType.Float32)
                    throw new ModelContractException($"forward returned a tensor of another shape or type for {count} images; expected float32 [{count},{model.ClassCount}].");
                answer.contiguous().cpu().data<float>().CopyTo(logitsOut.AsSpan(start * model.ClassCount, count * model.ClassCount));
                if (featuresOut is not null)
                {
                    var rowsOut = model.Features(batch);
                    if (rowsOut.dim() != 2 || rowsOut.shape[0] != count || rowsOut.shape[1] != model.FeatureDimension || rowsOut.dtype != ScalarType.Float32)
                        throw new ModelContractException($"features returned a tensor of another shape or type for {count} images; expected float32 [{count},{model.FeatureDimension}].");
                    rowsOut.contiguous().cpu().data<float>().CopyTo(featuresOut.AsSpan(start * model.FeatureDimension, count * model.FeatureDimension));
                }
                done += count;
                progress?.Report(done / (double)total);
            }
        }
    }
}
