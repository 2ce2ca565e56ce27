using System.IO.Compression;

namespace Aegis.ModelSafety.Tests;

/// <summary>Zip-level attacks: bombs, traversal names, oversized and surplus entries.</summary>
public class HostileArchiveTests : IDisposable
{
    private const string Root = HostileArchives.Root;
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AZipBombEntryIsRefusedFromTheDirectoryWithoutInflating()
    {
        // 256 MiB of zeros deflate to about 256 KiB: a ratio near 1000.
        var path = HostileArchives.Write(_folder.File("bomb.pt"),
            HostileArchives.Entries().Append(($"{Root}/extra/bomb", new byte[256 << 20])), CompressionLevel.SmallestSize);
        Assert.True(new FileInfo(path).Length < 2 << 20);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var report = ModelSafetyCheck.Check(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("zip-bomb", finding.Rule);
        Assert.Equal("extra/bomb", finding.Subject.Replace($"{Root}/", ""));
        Assert.True(allocated < 32 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void AnEntryThatInflatesPastItsDeclaredSizeIsRefused()
    {
        // Deflate code/__torch__.py (1207 bytes, 451 compressed), then lower its declared size in both
        // headers: the bytes beyond are a bomb's payload. 450 keeps the compressed size within what
        // deflate produces for 450 bytes, so the reader inflates it rather than refusing it unread.
        var path = HostileArchives.Write(_folder.File("liar.pt"), HostileArchives.Entries(), CompressionLevel.Optimal);
        var bytes = File.ReadAllBytes(path);
        var name = System.Text.Encoding.ASCII.GetBytes($"{Root}/code/__torch__.py");
        int patched = 0;
        for (int i = 0; i + 46 < bytes.Length; i++)
        {
            bool local = BitConverter.ToUInt32(bytes, i) == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name) && BitConverter.ToUInt16(bytes, i + 26) == name.Length;
            bool central = BitConverter.ToUInt32(bytes, i) == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name) && BitConverter.ToUInt16(bytes, i + 28) == name.Length;
            if (local || central)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + (local ? 22 : 24)), 450u);
                patched++;
            }
        }
        Assert.Equal(2, patched);
        File.WriteAllBytes(path, bytes);

        var report = ModelSafetyCheck.Check(path);

        Assert.False(report.IsSafe);
        Assert.Contains(report.Findings, f => f.Location == "code/__torch__.py");
    }

    [Theory]
    [InlineData("robust_clean_seed2/../../../tmp/evil.py", "path traversal")]
    [InlineData("/etc/cron.d/evil", "absolute")]
    [InlineData("robust_clean_seed2\\..\\evil", "backslash")]
    [InlineData("C:/evil", "':'")]
    [InlineData("robust_clean_seed2/code/\nevil.py", "control character")]
    [InlineData("other_root/data.pkl", "outside the archive's root folder")]
    [InlineData("robust_clean_seed2/notes.txt", "does not have")]
    [InlineData("robust_clean_seed2/code/__torch__/evil-name.py", "qualified name")]
    public void ABadEntryNameIsRefused(string name, string message)
    {
        var path = HostileArchives.Add(_folder, (name, "x"u8.ToArray()));

        var report = ModelSafetyCheck.Check(path);

        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        var finding = Assert.Single(report.Findings);
        Assert.Contains(message, finding.Message);
        Assert.DoesNotContain('\n', finding.Location);
    }

    [Fact]
    public void ADuplicateEntryIsRefused()
    {
        var path = HostileArchives.Add(_folder, ($"{Root}/data.pkl", HostileArchives.CallingPickle("posix", "system", "id")));

        var report = ModelSafetyCheck.Check(path);

        Assert.Contains(report.Findings, f => f.Message.Contains("second entry of the same name"));
    }

    [Fact]
    public void EntriesAndSizesOverTheLimitsAreRefused()
    {
        var model = Fixtures.Model(HostileArchives.Fixture);

        var tooMany = ModelSafetyCheck.Check(model, new ModelSafetyLimits { MaxEntries = 10 });
        Assert.Contains("declares 25 entries, more than the 10 allowed", Assert.Single(tooMany.Findings).Message);

        var bigPickle = ModelSafetyCheck.Check(model, new ModelSafetyLimits { MaxPickleBytes = 1000 });
        Assert.Contains(bigPickle.Findings, f => f.Subject == "data.pkl" && f.Message.Contains("larger than the 1000-byte limit"));

        var bigFile = ModelSafetyCheck.Check(model, new ModelSafetyLimits { MaxModelBytes = 100_000 });
        Assert.Contains("more than the 100000-byte limit", Assert.Single(bigFile.Findings).Message);

        var bigTotal = ModelSafetyCheck.Check(model, new ModelSafetyLimits { MaxTotalInflatedBytes = 100_000 });
        Assert.Equal(ModelSafetyStatus.Unsafe, bigTotal.Status);
        Assert.All(new[] { tooMany, bigPickle, bigFile }, r => Assert.Equal(ModelSafetyStatus.Unsafe, r.Status));
    }

    [Fact]
    public void AFileThatIsNotAZipIsUnsupportedAndATruncatedZipIsUnreadable()
    {
        File.WriteAllText(_folder.File("notes.pt"), "not a model");
        Assert.Equal(ModelSafetyStatus.Unsupported, ModelSafetyCheck.Check(_folder.File("notes.pt")).Status);

        var bytes = File.ReadAllBytes(Fixtures.Model(HostileArchives.Fixture));
        File.WriteAllBytes(_folder.File("cut.pt"), bytes[..(bytes.Length / 2)]);
        var cut = ModelSafetyCheck.Check(_folder.File("cut.pt"));
        Assert.Equal(ModelSafetyStatus.Unreadable, cut.Status);
        Assert.Equal("model-unreadable", cut.ErrorCode);

        Assert.Equal(ModelSafetyStatus.Unreadable, ModelSafetyCheck.Check(_folder.File("absent.pt")).Status);
    }
}
