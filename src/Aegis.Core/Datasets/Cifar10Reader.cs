namespace Aegis.Core.Datasets;

/// <summary>
/// Reads CIFAR-10 binary batches: records of one label byte followed by 3072 pixel bytes
/// (1024 red, 1024 green, 1024 blue; row-major 32x32), which is already NCHW order.
/// </summary>
public static class Cifar10Reader
{
    public const int Side = 32;
    public const int RecordSize = 1 + 3 * Side * Side;

    public static ImageDataset Read(IReadOnlyList<string> batchPaths, string name)
    {
        if (batchPaths.Count == 0)
            throw new DatasetFormatException($"{name}: no CIFAR-10 batch files given.");
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        foreach (var path in batchPaths)
        {
            if (!File.Exists(path))
                throw new DatasetFormatException($"{path}: file not found.");
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
                throw new DatasetFormatException($"{path}: {bytes.Length} bytes is not a whole number of CIFAR-10 records ({RecordSize} bytes each); the file is truncated or not a CIFAR-10 binary batch.");
            int count = bytes.Length / RecordSize;
            var block = new byte[count * (RecordSize - 1)];
            for (int i = 0; i < count; i++)
            {
                byte label = bytes[i * RecordSize];
                if (label > 9)
                    throw new DatasetFormatException($"{path}: record {i} has label {label}; CIFAR-10 labels are 0..9.");
                labels.Add(label);
                Buffer.BlockCopy(bytes, i * RecordSize + 1, block, i * (RecordSize - 1), RecordSize - 1);
            }
            pixels.Add(block);
        }
        var all = new byte[pixels.Sum(p => p.Length)];
        int offset = 0;
        foreach (var block in pixels)
        {
            Buffer.BlockCopy(block, 0, all, offset, block.Length);
            offset += block.Length;
        }
        return new ImageDataset(name, all, labels.ToArray(), 3, Side, Side, 10);
    }
}
