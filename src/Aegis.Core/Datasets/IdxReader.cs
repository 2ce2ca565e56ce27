using System.Buffers.Binary;
using System.IO.Compression;

namespace Aegis.Core.Datasets;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (big-endian header: magic 0x0000TTDD, where
/// TT = 0x08 for unsigned bytes and DD = dimension count, then one int32 per dimension), raw or gzip.
/// </summary>
public static class IdxReader
{
    public static ImageDataset Read(string imagesPath, string labelsPath, string name, int classCount = 10)
    {
        var (imageDims, pixels) = ReadTensor(imagesPath);
        var (labelDims, labelBytes) = ReadTensor(labelsPath);
        if (imageDims.Length != 3)
            throw new DatasetFormatException($"{imagesPath}: expected a 3-D image file (count, rows, columns), found {imageDims.Length} dimensions.");
        if (labelDims.Length != 1)
            throw new DatasetFormatException($"{labelsPath}: expected a 1-D label file, found {labelDims.Length} dimensions.");
        if (imageDims[0] != labelDims[0])
            throw new DatasetFormatException($"{imagesPath} holds {imageDims[0]} images but {labelsPath} holds {labelDims[0]} labels.");

        var labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = labelBytes[i];
            if (labels[i] >= classCount)
                throw new DatasetFormatException($"{labelsPath}: label {labels[i]} at index {i} is not below {classCount}.");
        }
        return new ImageDataset(name, pixels, labels, 1, imageDims[1], imageDims[2], classCount);
    }

    /// <summary>Reads one IDX file of unsigned bytes; returns its dimensions and data.</summary>
    public static (int[] Dimensions, byte[] Data) ReadTensor(string path)
    {
        if (!File.Exists(path))
            throw new DatasetFormatException($"{path}: file not found.");
        try
        {
            using var file = File.OpenRead(path);
            using var stream = IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            Span<byte> magic = stackalloc byte[4];
            ReadExactly(stream, magic, path, "header");
            if (magic[0] != 0 || magic[1] != 0)
                throw new DatasetFormatException($"{path}: not an IDX file (bad magic number).");
            if (magic[2] != 0x08)
                throw new DatasetFormatException($"{path}: IDX element type 0x{magic[2]:x2} is not supported (only unsigned bytes, 0x08).");
            int rank = magic[3];
            if (rank is < 1 or > 4)
                throw new DatasetFormatException($"{path}: IDX rank {rank} is not supported.");

            var dims = new int[rank];
            Span<byte> dim = stackalloc byte[4];
            long total = 1;
            for (int i = 0; i < rank; i++)
            {
                ReadExactly(stream, dim, path, "header");
                dims[i] = BinaryPrimitives.ReadInt32BigEndian(dim);
                if (dims[i] <= 0)
                    throw new DatasetFormatException($"{path}: dimension {i} is {dims[i]}.");
                total *= dims[i];
            }
            if (total > int.MaxValue)
                throw new DatasetFormatException($"{path}: {total} elements are too many.");

            var data = new byte[total];
            ReadExactly(stream, data, path, "data");
            return (dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{path}: corrupt gzip stream ({e.Message}).", e);
        }
    }

    private static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string part)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new DatasetFormatException($"{path}: truncated {part} (expected {buffer.Length} bytes, found {read}).");
    }
}
