namespace Aegis.Core.Datasets;

/// <summary>
/// Reads CIFAR-10 binary batches: records of one label byte followed by 3072 pixel bytes
/// (1024 red, 1024 green, 1024 blue; row-major 32x32), which is already NCHW order. The batch
/// lengths are checked against <see cref="DatasetLimits.MaxCifarBytes"/> before anything is read,
/// and records stream straight into the one pixel array.
/// </summary>
public static class Cifar10Reader
{
    public const int Side = 32;
    public const int RecordSize = 1 + 3 * Side * Side;
    private const int ImageSize = RecordSize - 1;

    public static ImageDataset Read(IReadOnlyList<string> batchPaths, string name, long maxBytes = DatasetLimits.MaxCifarBytes)
    {
        if (batchPaths.Count == 0)
            throw new DatasetFormatException($"{name}: no CIFAR-10 batch files given.");
        long total = 0;
        foreach (var path in batchPaths)
        {
            if (!File.Exists(path))
                throw new DatasetFormatException($"{path}: file not found.");
            long length = new FileInfo(path).Length;
            if (length == 0 || length % RecordSize != 0)
                throw new DatasetFormatException($"{path}: {length} bytes is not a whole number of CIFAR-10 records ({RecordSize} bytes each); the file is truncated or not a CIFAR-10 binary batch.");
            total += length;
            if (total > maxBytes)
                throw new DatasetFormatException($"{name}: the CIFAR-10 batches up to {Path.GetFileName(path)} hold {total} bytes, more than the {maxBytes}-byte limit for one split.");
        }

        int count = (int)(total / RecordSize);
        var pixels = new byte[(long)count * ImageSize];
        var labels = new int[count];
        var record = new byte[RecordSize];
        int index = 0;
        foreach (var path in batchPaths)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
            for (int i = 0; file.Position < file.Length; i++, index++)
            {
                if (index == count || file.ReadAtLeast(record, RecordSize, throwOnEndOfStream: false) < RecordSize)
                    throw new DatasetFormatException($"{path}: the file changed while it was read.");
                if (record[0] > 9)
                    throw new DatasetFormatException($"{path}: record {i} has label {record[0]}; CIFAR-10 labels are 0..9.");
                labels[index] = record[0];
                record.AsSpan(1).CopyTo(pixels.AsSpan(index * ImageSize, ImageSize));
            }
        }
        if (index != count)
            throw new DatasetFormatException($"{name}: the CIFAR-10 batches changed while they were read.");
        return new ImageDataset(name, pixels, labels, 3, Side, Side, 10);
    }
}
