using System.Buffers.Binary;
using System.IO.Compression;

namespace Aegis.Core.Datasets;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (big-endian header: magic 0x0000TTDD, where
/// TT = 0x08 for unsigned bytes and DD = dimension count, then one int32 per dimension), raw or gzip.
/// The header's size claim is checked against <see cref="DatasetLimits"/> and the file's length
/// before the data is allocated.
/// </summary>
public static class IdxReader
{
    // A gzip stream whose size cannot be confirmed up front is read into a buffer that grows from here.
    private const int InitialGzipBuffer = 16 << 20;

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
    /// <param name="maxBytes">The most data bytes the header may claim.</param>
    public static (int[] Dimensions, byte[] Data) ReadTensor(string path, long maxBytes = DatasetLimits.MaxIdxBytes)
    {
        if (!File.Exists(path))
            throw new DatasetFormatException($"{path}: file not found.");
        try
        {
            using var file = File.OpenRead(path);
            long fileLength = file.Length;
            bool gzip = IsGzip(file);
            using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            var dims = ReadHeader(stream, path);
            long total = DataBytes(dims, path, maxBytes);
            long headerBytes = 4 + 4L * dims.Length;

            byte[] data;
            if (gzip)
            {
                if (total > fileLength * DatasetLimits.MaxDeflateRatio)
                    throw new DatasetFormatException($"{path}: the header claims {total} data bytes, but {fileLength} gzip bytes inflate to at most {fileLength * DatasetLimits.MaxDeflateRatio}; the file is truncated or its header lies.");
                data = ReadGrowing(stream, total, path);
            }
            else
            {
                long available = fileLength - headerBytes;
                if (available < total)
                    throw new DatasetFormatException($"{path}: truncated data (the header claims {total} bytes, the file holds {available}).");
                data = new byte[total];
                ReadExactly(stream, data, path, "data");
            }
            if (stream.ReadByte() != -1)
                throw new DatasetFormatException($"{path}: unexpected bytes after the {total} data bytes the header claims.");
            return (dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{path}: corrupt gzip stream ({e.Message}).", e);
        }
    }

    private static int[] ReadHeader(Stream stream, string path)
    {
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
        for (int i = 0; i < rank; i++)
        {
            ReadExactly(stream, dim, path, "header");
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dim);
            if (dims[i] <= 0)
                throw new DatasetFormatException($"{path}: dimension {i} is {dims[i]}.");
        }
        return dims;
    }

    /// <summary>The product of the dimensions, exact (four int32 factors fit in 128 bits) and capped.</summary>
    private static long DataBytes(int[] dims, string path, long maxBytes)
    {
        Int128 product = 1;
        foreach (var d in dims)
            product *= d;
        if (product > maxBytes)
            throw new DatasetFormatException($"{path}: the header claims [{string.Join(", ", dims)}] = {product} bytes of data, more than the {maxBytes}-byte limit for one IDX file.");
        return (long)product;
    }

    /// <summary>Inflates exactly <paramref name="total"/> bytes, growing the buffer only as data actually arrives.</summary>
    private static byte[] ReadGrowing(Stream stream, long total, string path)
    {
        var buffer = new byte[Math.Min(total, InitialGzipBuffer)];
        long filled = 0;
        while (filled < total)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(total, 2L * buffer.Length));
            int read = stream.Read(buffer, (int)filled, buffer.Length - (int)filled);
            if (read == 0)
                throw new DatasetFormatException($"{path}: truncated data (the header claims {total} bytes, the gzip stream holds {filled}).");
            filled += read;
        }
        return buffer;
    }

    private static bool IsGzip(FileStream file)
    {
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        return gzip;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string part)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new DatasetFormatException($"{path}: truncated {part} (expected {buffer.Length} bytes, found {read}).");
    }
}
