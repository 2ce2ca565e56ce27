using System.Buffers.Binary;
using System.IO.Compression;

namespace Aegis.Core.Tests.Datasets;

/// <summary>Writes tiny IDX and CIFAR-10 files for the reader tests.</summary>
internal static class DatasetFiles
{
    public static byte[] Idx(int[] dimensions, byte[] data, byte type = 0x08)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    public static byte[] Images(int count, int rows, int columns)
        => Idx([count, rows, columns], Enumerable.Range(0, count * rows * columns).Select(i => (byte)(i % 256)).ToArray());

    public static byte[] Labels(params byte[] labels) => Idx([labels.Length], labels);

    public static void Save(string path, byte[] bytes, bool gzip = false)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
    }

    /// <summary>CIFAR-10 records: label byte then 3072 pixel bytes (each record filled with its index).</summary>
    public static byte[] Cifar(params byte[] labels)
    {
        var bytes = new byte[labels.Length * 3073];
        for (int i = 0; i < labels.Length; i++)
        {
            bytes[i * 3073] = labels[i];
            bytes.AsSpan(i * 3073 + 1, 3072).Fill((byte)(i + 1));
        }
        return bytes;
    }
}
