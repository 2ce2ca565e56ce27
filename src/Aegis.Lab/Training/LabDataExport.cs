using System.Buffers.Binary;
using Aegis.Core.Datasets;
using static TorchSharp.torch;

namespace Aegis.Lab.Training;

/// <summary>
/// `lab train --export-data DIR`: the exact training set a model was trained on (poisoned copies
/// included, shuffled, on the 8-bit grid) as a dataset folder — IDX for grayscale images, a CIFAR-10
/// batch for 3x32x32 — with the source's test split copied beside it, so `aegis scan` and `aegis trace`
/// read it as they read the original. Which rows are poisoned goes into model.json, not into the folder.
/// </summary>
public static class LabDataExport
{
    public static void Write(string directory, LabTrainingSet set, string sourceDirectory)
    {
        ArgumentNullException.ThrowIfNull(set);
        var shape = set.Shape;
        if (shape.Channels == 3 && (shape.Height, shape.Width) != (32, 32) || shape.Channels is not (1 or 3))
            throw new ArgumentException($"Only grayscale and 3x32x32 training sets can be exported; this one is {shape}.");
        Directory.CreateDirectory(directory);
        using var scaled = set.Images.mul(PixelLevels.Max).round_().clamp_(0, PixelLevels.Max).to(ScalarType.Byte);
        var pixels = scaled.contiguous().data<byte>().ToArray();
        var labels = set.Labels.data<long>().Select(l => (byte)l).ToArray();
        if (shape.Channels == 1)
        {
            WriteIdx(Path.Combine(directory, "train-images-idx3-ubyte"), pixels, labels.Length, shape.Height, shape.Width);
            WriteIdx(Path.Combine(directory, "train-labels-idx1-ubyte"), labels, labels.Length);
        }
        else
        {
            using var batch = File.Create(Path.Combine(directory, "data_batch_1.bin"));
            for (int i = 0; i < labels.Length; i++)
            {
                batch.WriteByte(labels[i]);
                batch.Write(pixels, i * shape.Size, shape.Size);
            }
        }
        TestSplitCopy.Copy(sourceDirectory, directory);
    }

    private static void WriteIdx(string path, byte[] data, params int[] dimensions)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        header[2] = 0x08;
        header[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
        using var file = File.Create(path);
        file.Write(header);
        file.Write(data);
    }
}
