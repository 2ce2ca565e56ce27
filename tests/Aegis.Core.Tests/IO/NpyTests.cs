using System.Buffers.Binary;
using System.Text;
using Aegis.Core.IO;
using Aegis.Core.Tests.Support;

namespace Aegis.Core.Tests.IO;

public class NpyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Float32MatrixRoundTrips()
    {
        var matrix = new Matrix(3, 4, Enumerable.Range(0, 12).Select(i => i * 0.5f - 2).ToArray());
        var path = _dir.File("m.npy");
        Npy.Write(path, matrix);

        var back = Npy.ReadMatrix(path);
        Assert.Equal(3, back.Rows);
        Assert.Equal(4, back.Columns);
        Assert.Equal(matrix.Data, back.Data);
        Assert.Contains("'descr': '<f4'", Header(path));
    }

    [Fact]
    public void Float64ArrayRoundTripsThroughFloat()
    {
        double[] values = [1.5, -2.25, 3e10, 0.1];
        var path = _dir.File("d.npy");
        Npy.Write(path, values, 2, 2);

        var back = Npy.ReadMatrix(path);
        Assert.Equal((2, 2), (back.Rows, back.Columns));
        Assert.Equal(values.Select(v => (float)v), back.Data);
        Assert.Contains("'shape': (2, 2)", Header(path));
    }

    [Fact]
    public void LabelsAreWrittenAsOneDimensionalInt64()
    {
        var path = _dir.File("labels.npy");
        Npy.Write(path, [3, -1, 7]);

        var bytes = File.ReadAllBytes(path);
        Assert.Contains("'descr': '<i8'", Header(path));
        Assert.Contains("'shape': (3,)", Header(path));
        Assert.Equal(0, (bytes.Length - 3 * 8) % 64);
        Assert.Equal(-1L, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(bytes.Length - 16)));
        var error = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path));
        Assert.Contains("2-D", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadsEveryFormatVersion(int version)
    {
        var data = new byte[8 * 2];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 4.5);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), -1);
        var path = Write(version, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", data);

        Assert.Equal([4.5f, -1f], Npy.ReadMatrix(path).Data);
    }

    [Theory]
    [InlineData("<i4", 4)]
    [InlineData("<i8", 8)]
    public void ReadsIntegerMatrices(string descr, int size)
    {
        var data = new byte[size * 2];
        if (size == 4)
        {
            BinaryPrimitives.WriteInt32LittleEndian(data, 7);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), -3);
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(data, 7);
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8), -3);
        }
        var path = Write(1, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2, 1), }}", data);
        Assert.Equal([7f, -3f], Npy.ReadMatrix(path).Data);
    }

    [Fact]
    public void RejectsTruncatedData()
    {
        var path = Write(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }", new byte[60]);
        var error = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path));
        Assert.Contains("truncated data", error.Message);
    }

    [Fact]
    public void RejectsATruncatedHeader()
    {
        var path = _dir.File("short.npy");
        var full = File.ReadAllBytes(Write(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", new byte[4]));
        File.WriteAllBytes(path, full[..20]);
        var error = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void RejectsABadMagicNumber()
    {
        var path = _dir.File("text.npy");
        File.WriteAllText(path, "this is not numpy data at all");
        var error = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path));
        Assert.Contains("bad magic", error.Message);
    }

    [Fact]
    public void RejectsFortranOrder()
    {
        var path = Write(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16]);
        var error = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path));
        Assert.Contains("Fortran", error.Message);
    }

    [Theory]
    [InlineData(">f4", "big-endian")]
    [InlineData("<c8", "not supported")]
    [InlineData("|u1", "not supported")]
    public void RejectsUnsupportedDtypes(string descr, string message)
    {
        var path = Write(1, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2, 2), }}", new byte[32]);
        var error = Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void RejectsAHeaderWithoutShape()
    {
        var path = Write(1, "{'descr': '<f4', 'fortran_order': False}", new byte[4]);
        Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path));
    }

    [Fact]
    public void RejectsAnUnknownVersionAndTrailingBytes()
    {
        var unknown = Write(4, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", new byte[4]);
        Assert.Contains("version", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(unknown)).Message);
        var trailing = Write(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", new byte[8]);
        Assert.Contains("unexpected bytes", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(trailing)).Message);
    }

    [Fact]
    public void AHeaderClaimingATerabyteAllocatesNothing()
    {
        var path = Write(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }", []);

        var (error, bytes) = Allocations.Throwing<InvalidDataException>(() => Npy.ReadMatrix(path));

        Assert.Contains("more than", error.Message);
        Assert.True(bytes < 1 << 20, $"allocated {bytes} bytes");
    }

    [Fact]
    public void AHeaderClaimingMoreThanTheFileHoldsAllocatesNothing()
    {
        var path = Write(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (10000, 10000), }", new byte[8]);

        var (error, bytes) = Allocations.Throwing<InvalidDataException>(() => Npy.ReadMatrix(path));

        Assert.Contains("needs 800000000 bytes, found 8", error.Message);
        Assert.True(bytes < 1 << 20, $"allocated {bytes} bytes");
    }

    [Fact]
    public void AShapeWhoseProductOverflowsIsRefused()
    {
        var path = Write(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", new byte[4]);
        Assert.Contains("more than", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path)).Message);
    }

    [Fact]
    public void AHeaderLongerThanNumpyAcceptsIsRefusedBeforeItIsRead()
    {
        var path = Write(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }" + new string(' ', 20_000), new byte[4]);
        Assert.Contains("more than the 10000", Assert.Throws<InvalidDataException>(() => Npy.ReadMatrix(path)).Message);
    }

    [Fact]
    public void AMissingFileSaysSo()
        => Assert.Throws<FileNotFoundException>(() => Npy.ReadMatrix(_dir.File("absent.npy")));

    private string Header(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + length) % 64);
        return Encoding.ASCII.GetString(bytes, 10, length);
    }

    /// <summary>Writes a .npy file by hand, the way numpy lays it out for the given format version.</summary>
    private string Write(int version, string header, byte[] data)
    {
        var path = _dir.File($"hand-{Guid.NewGuid():N}.npy");
        var text = Encoding.UTF8.GetBytes(header + "\n");
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        var length = new byte[version == 1 ? 2 : 4];
        if (version == 1)
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)text.Length);
        file.Write(length);
        file.Write(text);
        file.Write(data);
        return path;
    }
}
