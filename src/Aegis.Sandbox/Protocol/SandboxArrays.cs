using System.Runtime.InteropServices;
using Aegis.Core.Verdicts;

namespace Aegis.Sandbox.Protocol;

/// <summary>What the parent requires of an array's values besides its shape.</summary>
public enum ArrayValues
{
    /// <summary>Any finite number.</summary>
    Finite,
    /// <summary>Pixels: finite and in [0, 1].</summary>
    UnitInterval,
    /// <summary>Int32 labels in [0, <c>maxValue</c>).</summary>
    Labels,
}

/// <summary>
/// Large arrays between the sandbox and the parent: the sandbox writes raw little-endian files
/// into its output folder; the parent reads one only after checking, before allocating, that the
/// name is a plain file name, the type and shape are what it asked for and within its caps, and
/// the file holds exactly that many bytes; then every value. The file is opened without
/// following links (a sandbox cannot point the parent at another file) and deleted once read.
/// </summary>
public static partial class SandboxArrays
{
    /// <summary>No array the scanner exchanges comes near this (the largest, 10 000 colour 224x224 images, would be 6 GB; CIFAR-sized scans send 12 MB).</summary>
    public const long MaxBytes = 1L << 30;

    public static ArrayRef Write(string directory, string name, ReadOnlySpan<float> values, params int[] shape) =>
        WriteBytes(directory, name, ArrayRef.Float32, MemoryMarshal.AsBytes(values), values.Length, shape);

    public static ArrayRef Write(string directory, string name, ReadOnlySpan<int> values, params int[] shape) =>
        WriteBytes(directory, name, ArrayRef.Int32, MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>
    /// Reads a float32 array whose shape must equal <paramref name="shape"/>, where a -1 in the first
    /// place means "1 to <paramref name="maxRows"/> rows".
    /// </summary>
    /// <returns>The values and the rows read.</returns>
    public static (float[] Values, int Rows) ReadFloat32(string directory, ArrayRef array, int[] shape, int maxRows, ArrayValues check)
    {
        var (bytes, rows) = ReadChecked(directory, array, ArrayRef.Float32, shape, maxRows);
        var values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        foreach (var value in values)
        {
            bool ok = check == ArrayValues.UnitInterval ? value is >= 0f and <= 1f : float.IsFinite(value);
            if (!ok)
                throw Violation(check == ArrayValues.UnitInterval
                    ? $"array '{array.File}' holds a pixel outside [0, 1]."
                    : $"array '{array.File}' holds a non-finite value (NaN or infinity).");
        }
        return (values, rows);
    }

    /// <summary>Reads an int32 array of labels in [0, <paramref name="classes"/>).</summary>
    public static int[] ReadLabels(string directory, ArrayRef array, int[] shape, int maxRows, int classes)
    {
        var (bytes, _) = ReadChecked(directory, array, ArrayRef.Int32, shape, maxRows);
        var values = MemoryMarshal.Cast<byte, int>(bytes).ToArray();
        if (values.Any(v => v < 0 || v >= classes))
            throw Violation($"array '{array.File}' holds a label outside 0..{classes - 1}.");
        return values;
    }

    private static ArrayRef WriteBytes(string directory, string name, string type, ReadOnlySpan<byte> bytes, int count, int[] shape)
    {
        if (shape.Aggregate(1L, (a, d) => a * d) != count)
            throw new ArgumentException($"Shape [{string.Join(",", shape)}] does not hold {count} values.", nameof(shape));
        File.WriteAllBytes(Path.Combine(directory, name), bytes);
        return new ArrayRef(name, type, shape);
    }

    private static (byte[] Bytes, int Rows) ReadChecked(string directory, ArrayRef array, string type, int[] shape, int maxRows)
    {
        if (array is null || array.Shape is null || string.IsNullOrEmpty(array.File))
            throw Violation("an array reference is incomplete.");
        string name = array.File;
        if (name.Length > 100 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || name.StartsWith('.'))
            throw Violation("an array file name is not a plain name in the output folder.");
        if (array.Type != type)
            throw Violation($"array '{name}' is not of type {type}.");
        if (array.Shape.Length != shape.Length)
            throw Violation($"array '{name}' has rank {array.Shape.Length}; expected rank {shape.Length}.");
        for (int d = 0; d < shape.Length; d++)
        {
            bool ok = d == 0 && shape[0] < 0 ? array.Shape[0] >= 1 && array.Shape[0] <= maxRows : array.Shape[d] == shape[d];
            if (!ok)
                throw Violation($"array '{name}' does not have the expected shape [{Describe(shape, maxRows)}].");
        }
        long bytes = array.Shape.Aggregate(4L, (a, dim) => a * dim);
        if (bytes > MaxBytes)
            throw Violation($"array '{name}' is larger than {MaxBytes} bytes.");

        string path = Path.Combine(directory, name);
        using var handle = OpenNoFollow(path);
        if (RandomAccess.GetLength(handle) != bytes)
            throw Violation($"array '{name}' does not hold the bytes its shape needs.");
        var buffer = new byte[bytes];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer.AsSpan(read), read);
            if (n <= 0)
                throw Violation($"array '{name}' ended early.");
            read += n;
        }
        File.Delete(path);
        return (buffer, array.Shape[0]);
    }

    private static string Describe(int[] shape, int maxRows) =>
        string.Join(",", shape.Select((d, i) => i == 0 && d < 0 ? $"1..{maxRows}" : d.ToString()));

    private static ScanFailureException Violation(string message) =>
        new(ErrorCodes.ModelCrashed, $"The sandbox broke its protocol: {message}");

    /// <summary>Opens read-only without following a final symbolic link and without blocking on a FIFO.</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenNoFollow(string path)
    {
        int noFollow = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x20000,
            Architecture.Arm64 => 0x8000,
            _ => throw new PlatformNotSupportedException("Reading sandbox arrays needs Linux on x64 or arm64."),
        };
        const int NonBlock = 0x800, CloseOnExec = 0x80000;
        int fd = Open(path, noFollow | NonBlock | CloseOnExec);
        if (fd < 0)
            throw Violation($"array '{Path.GetFileName(path)}' cannot be opened as a regular file (errno {Marshal.GetLastPInvokeError()}).");
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
