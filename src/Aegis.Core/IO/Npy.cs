using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Aegis.Core.IO;

/// <summary>
/// Reads and writes NumPy .npy files (format versions 1–3): little-endian float32/float64 (and
/// int32/int64 on read), C order. Anything else, or a damaged file, is an <see cref="InvalidDataException"/>
/// that says what is wrong.
/// </summary>
public static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>
    /// numpy's own reader refuses headers longer than this by default (<c>_MAX_HEADER_SIZE</c>, numpy
    /// 1.24+): a dictionary of dtype, order and shape needs well under 200 bytes.
    /// </summary>
    public const int MaxHeaderBytes = 10_000;

    /// <summary>Reads a 2-D numeric array as a float matrix; the header is checked against the file length before the data is allocated.</summary>
    public static Matrix ReadMatrix(string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Npy reading needs a little-endian machine.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var (header, itemSize) = ReadHeader(file, path);
        if (header.Shape.Length != 2)
            throw new InvalidDataException($"{path}: expected a 2-D array, found shape ({string.Join(", ", header.Shape)}).");
        long count = header.CheckedCount(Array.MaxLength, path);
        if (header.Shape[0] > int.MaxValue || header.Shape[1] > int.MaxValue)
            throw new InvalidDataException($"{path}: array of shape ({string.Join(", ", header.Shape)}) is too large.");
        long expected = count * itemSize;
        long actual = file.Length - file.Position;
        if (actual < expected)
            throw new InvalidDataException($"{path}: truncated data (shape ({string.Join(", ", header.Shape)}) needs {expected} bytes, found {actual}).");
        if (actual > expected)
            throw new InvalidDataException($"{path}: {actual - expected} unexpected bytes after the array data.");

        var values = new float[count];
        switch (header.Descr)
        {
            case "<f4":
                file.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                break;
            case "<f8":
                ReadConverted<double>(file, values, v => (float)v);
                break;
            case "<i4":
                ReadConverted<int>(file, values, v => v);
                break;
            case "<i8":
                ReadConverted<long>(file, values, v => v);
                break;
        }
        return new Matrix((int)header.Shape[0], (int)header.Shape[1], values);
    }

    /// <summary>Writes a rows × columns float64 array.</summary>
    public static void Write(string path, double[] data, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (rows < 0 || columns < 0 || (long)rows * columns != data.LongLength)
            throw new ArgumentException($"{data.Length} values do not fill a {rows}x{columns} array.", nameof(data));
        WriteRaw(path, new NpyHeader("<f8", false, [rows, columns]), MemoryMarshal.AsBytes(data.AsSpan()));
    }

    /// <summary>Writes a matrix as a float32 array.</summary>
    public static void Write(string path, Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        WriteRaw(path, new NpyHeader("<f4", false, [matrix.Rows, matrix.Columns]), MemoryMarshal.AsBytes(matrix.Data.AsSpan()));
    }

    /// <summary>Writes a 1-D int64 array (cluster labels).</summary>
    public static void Write(string path, int[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var wide = Array.ConvertAll(data, v => (long)v);
        WriteRaw(path, new NpyHeader("<i8", false, [data.Length]), MemoryMarshal.AsBytes(wide.AsSpan()));
    }

    /// <summary>Reads magic, version and header dictionary; leaves the stream at the first data byte.</summary>
    private static (NpyHeader Header, int ItemSize) ReadHeader(Stream file, string path)
    {
        Span<byte> preamble = stackalloc byte[12];
        if (file.ReadAtLeast(preamble[..8], 8, throwOnEndOfStream: false) < 8 || !preamble[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a .npy file (bad magic number).");
        int major = preamble[6];
        int lengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{path}: .npy format version {major}.{preamble[7]} is not supported (1, 2 or 3)."),
        };
        if (file.ReadAtLeast(preamble.Slice(8, lengthSize), lengthSize, throwOnEndOfStream: false) < lengthSize)
            throw new InvalidDataException($"{path}: truncated .npy header.");
        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (headerLength > MaxHeaderBytes)
            throw new InvalidDataException($"{path}: the .npy header declares {headerLength} bytes, more than the {MaxHeaderBytes} numpy itself accepts.");
        var text = new byte[headerLength];
        int read = file.ReadAtLeast(text, text.Length, throwOnEndOfStream: false);
        if (read < text.Length)
            throw new InvalidDataException($"{path}: truncated .npy header (declares {headerLength} bytes, file has {read}).");
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        var header = NpyHeader.Parse(encoding.GetString(text), path);

        if (header.FortranOrder)
            throw new InvalidDataException($"{path}: Fortran-order arrays are not supported; save with numpy.ascontiguousarray.");
        int itemSize = header.Descr switch
        {
            "<f4" or "<i4" => 4,
            "<f8" or "<i8" => 8,
            _ when header.Descr.StartsWith('>') => throw new InvalidDataException($"{path}: big-endian dtype '{header.Descr}' is not supported; use little-endian ('<f4' or '<f8')."),
            _ => throw new InvalidDataException($"{path}: dtype '{header.Descr}' is not supported (expected '<f4', '<f8', '<i4' or '<i8')."),
        };
        if (header.Shape.Any(d => d < 0))
            throw new InvalidDataException($"{path}: negative dimension in shape.");
        return (header, itemSize);
    }

    /// <summary>Reads the data in blocks of the stored type and converts each value to float.</summary>
    private static void ReadConverted<T>(Stream file, float[] target, Func<T, float> convert) where T : unmanaged
    {
        var block = new T[Math.Min(target.Length, 1 << 16)];
        for (int start = 0; start < target.Length; start += block.Length)
        {
            var part = block.AsSpan(0, Math.Min(block.Length, target.Length - start));
            file.ReadExactly(MemoryMarshal.AsBytes(part));
            for (int i = 0; i < part.Length; i++)
                target[start + i] = convert(part[i]);
        }
    }

    private static void WriteRaw(string path, NpyHeader header, ReadOnlySpan<byte> data)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Npy writing needs a little-endian machine.");
        var text = header.FormatBytes();
        using var file = File.Create(path);
        file.Write(Magic);
        file.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)text.Length));
        file.Write(length);
        file.Write(text);
        file.Write(data);
    }
}
