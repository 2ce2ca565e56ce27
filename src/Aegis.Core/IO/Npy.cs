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

    /// <summary>Reads a 2-D numeric array as a float matrix.</summary>
    public static Matrix ReadMatrix(string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Npy reading needs a little-endian machine.");
        var (header, data) = ReadRaw(path);
        if (header.Shape.Length != 2)
            throw new InvalidDataException($"{path}: expected a 2-D array, found shape ({string.Join(", ", header.Shape)}).");
        if (header.Shape[0] > int.MaxValue || header.Shape[1] > int.MaxValue || header.Count > Array.MaxLength)
            throw new InvalidDataException($"{path}: array of shape ({string.Join(", ", header.Shape)}) is too large.");
        var values = new float[header.Count];
        switch (header.Descr)
        {
            case "<f4":
                MemoryMarshal.Cast<byte, float>(data).CopyTo(values);
                break;
            case "<f8":
                Convert(MemoryMarshal.Cast<byte, double>(data), values, v => (float)v);
                break;
            case "<i4":
                Convert(MemoryMarshal.Cast<byte, int>(data), values, v => v);
                break;
            case "<i8":
                Convert(MemoryMarshal.Cast<byte, long>(data), values, v => v);
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

    private static (NpyHeader Header, byte[] Data) ReadRaw(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found.", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a .npy file (bad magic number).");
        int major = bytes[6];
        int lengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{path}: .npy format version {major}.{bytes[7]} is not supported (1, 2 or 3)."),
        };
        if (bytes.Length < 8 + lengthSize)
            throw new InvalidDataException($"{path}: truncated .npy header.");
        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        long dataStart = 8 + lengthSize + headerLength;
        if (dataStart > bytes.Length)
            throw new InvalidDataException($"{path}: truncated .npy header (declares {headerLength} bytes, file has {bytes.Length - 8 - lengthSize}).");
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        var header = NpyHeader.Parse(encoding.GetString(bytes, 8 + lengthSize, (int)headerLength), path);

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
        long expected = header.Count * itemSize;
        long actual = bytes.Length - dataStart;
        if (actual < expected)
            throw new InvalidDataException($"{path}: truncated data (shape ({string.Join(", ", header.Shape)}) needs {expected} bytes, found {actual}).");
        if (actual > expected)
            throw new InvalidDataException($"{path}: {actual - expected} unexpected bytes after the array data.");
        return (header, bytes[(int)dataStart..]);
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

    private static void Convert<T>(ReadOnlySpan<T> source, float[] target, Func<T, float> convert)
    {
        for (int i = 0; i < source.Length; i++)
            target[i] = convert(source[i]);
    }
}
