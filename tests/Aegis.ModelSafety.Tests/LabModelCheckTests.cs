using System.Text;

namespace Aegis.ModelSafety.Tests;

/// <summary>
/// Lab models carry no code, so the check looks at sizes and structure: the descriptor's JSON and
/// size, a weights name that stays beside it, and tensor headers that fit in the weights file.
/// (LabModelSafetyTests in Aegis.Lab.Tests runs the check on weights TorchSharp itself wrote.)
/// </summary>
public class LabModelCheckTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AWellFormedLabModelPasses()
    {
        Write(Descriptor("model.weights"), Weights(("conv.weight", 6, [2, 1, 3, 3]), ("fc.bias", 6, [10]), ("steps", 4, [])));

        var report = ModelSafetyCheck.Check(_folder.Path);

        Assert.True(report.IsSafe, report.Describe());
        Assert.Equal(ModelSafetyReport.LabFormat, report.Format);
        Assert.Equal(3, report.Inventory!.Tensors);
    }

    [Fact]
    public void ALabModelGetsNoCanonicalCopy()
    {
        // Only TorchScript archives have a second reader (libtorch's zip reader) to keep in step with.
        Write(Descriptor("model.weights"), Weights(("fc.bias", 6, [10])));
        string copy = Path.Combine(Path.GetTempPath(), $"aegis-lab-copy-{Guid.NewGuid():N}.pt");

        var report = ModelSafetyCheck.CheckAndCanonicalize(_folder.Path, copy);

        Assert.True(report.IsSafe, report.Describe());
        Assert.Null(report.CanonicalCopy);
        Assert.False(File.Exists(copy));
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("sub\\..\\x")]
    [InlineData("..")]
    public void AWeightsNameThatLeavesTheFolderIsRefused(string name)
    {
        Write(Descriptor(name), Weights(("w", 6, [1])));

        var report = ModelSafetyCheck.Check(_folder.Path);

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        Assert.Contains("not a plain file name", Assert.Single(report.Findings).Message);
    }

    [Fact]
    public void LyingHeadersAreRefused()
    {
        Write(Descriptor("model.weights"), Weights(("w", 6, [1L << 40, 1L << 20])));
        Assert.Contains("claims", Assert.Single(ModelSafetyCheck.Check(_folder.Path).Findings).Message);

        Write(Descriptor("model.weights"), Weights(("w", 6, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])));
        Assert.Contains("rank 12", Assert.Single(ModelSafetyCheck.Check(_folder.Path).Findings).Message);

        var tooMany = new MemoryStream();
        Leb128(tooMany, 1_000_000_000);
        File.WriteAllBytes(_folder.File("model.weights"), tooMany.ToArray());
        Assert.Contains("declare 1000000000 tensors", Assert.Single(ModelSafetyCheck.Check(_folder.Path).Findings).Message);
    }

    [Fact]
    public void OversizedDescriptorsAndBrokenJsonAreRefusedOrUnreadable()
    {
        Write(Descriptor("model.weights") + new string(' ', 2 << 20), Weights(("w", 6, [1])));
        var oversized = ModelSafetyCheck.Check(_folder.Path);
        Assert.Equal(ModelSafetyStatus.Unsafe, oversized.Status);
        Assert.Contains("more than the 1048576-byte limit", Assert.Single(oversized.Findings).Message);

        File.WriteAllText(_folder.File("model.json"), "{\"format\": \"aegis-lab\", \"weights\": \"model.weights\"");
        Assert.Equal(ModelSafetyStatus.Unsupported, ModelSafetyCheck.Check(_folder.Path).Status);

        Write(Descriptor("model.weights"), [.. Weights(("w", 6, [4])).AsSpan(0, 8)]);
        Assert.Equal(ModelSafetyStatus.Unsafe, ModelSafetyCheck.Check(_folder.Path).Status);
    }

    private static string Descriptor(string weights) => $"{{\"format\": \"aegis-lab\", \"schemaVersion\": 1, \"architecture\": \"small-cnn\", \"weights\": \"{weights.Replace("\\", "\\\\")}\"}}";

    private void Write(string descriptor, byte[] weights)
    {
        File.WriteAllText(_folder.File("model.json"), descriptor);
        File.WriteAllBytes(_folder.File("model.weights"), weights);
    }

    /// <summary>TorchSharp's weights format: LEB128 count; per tensor a 7-bit-length name, LEB128 dtype, rank, dimensions, then the raw bytes.</summary>
    private static byte[] Weights(params (string Name, int Dtype, long[] Shape)[] tensors)
    {
        var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Leb128(stream, tensors.Length);
        foreach (var (name, dtype, shape) in tensors)
        {
            writer.Write(name);
            writer.Flush();
            Leb128(stream, dtype);
            Leb128(stream, shape.Length);
            foreach (var dim in shape)
                Leb128(stream, dim);
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (count < 1 << 20)
                stream.Write(new byte[count * (dtype == 4 ? 8 : 4)]);
        }
        return stream.ToArray();
    }

    private static void Leb128(Stream stream, long value)
    {
        var v = (ulong)value;
        do
        {
            byte b = (byte)(v & 0x7f);
            v >>= 7;
            stream.WriteByte(v == 0 ? b : (byte)(b | 0x80));
        }
        while (v != 0);
    }
}
