using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using Aegis.ModelSafety.Archive;

namespace Aegis.ModelSafety.Tests;

/// <summary>The canonical copy: the same entries as the upload, written in one plain layout that the strict reader accepts again.</summary>
public sealed class CanonicalCopyTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Models =>
    [
        .. Fixtures.Names.Select(Fixtures.Model),
        .. new[] { "densenet_tiny", "vit_tiny", "small_classifier" }.Select(TorchvisionExportTests.Sample),
    ];

    [Theory]
    [MemberData(nameof(Models))]
    public void TheCopyHoldsTheSameEntriesStoredAndPassesTheCheckAgain(string model)
    {
        string path = _folder.File("copy.pt");

        var report = ModelSafetyCheck.CheckAndCanonicalize(model, path);

        Assert.True(report.IsSafe, report.Describe(10));
        var copy = report.CanonicalCopy!;
        Assert.Equal(path, copy.Path);
        Assert.Equal(new FileInfo(path).Length, copy.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), copy.Sha256);
        Assert.Equal(Entries(model), Entries(path));
        using (var zip = ZipFile.OpenRead(path))
            Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength));

        var again = ModelSafetyCheck.Check(path);
        Assert.True(again.IsSafe, again.Describe(10));
        Assert.Equivalent(report.Inventory, again.Inventory);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TheCopyOfTheCopyIsTheSameBytes(string model)
    {
        var first = ModelSafetyCheck.CheckAndCanonicalize(model, _folder.File("first.pt")).CanonicalCopy!;
        var second = ModelSafetyCheck.CheckAndCanonicalize(first.Path, _folder.File("second.pt")).CanonicalCopy!;

        Assert.Equal(File.ReadAllBytes(first.Path), File.ReadAllBytes(second.Path));
    }

    [Fact]
    public void TheCopyHasNoDescriptorsNoZip64RecordsAndEndsWithOneEndRecord()
    {
        // The fixture uses data descriptors and a zip64 end record; its copy needs neither.
        var copy = ModelSafetyCheck.CheckAndCanonicalize(Fixtures.Model("robust_clean"), _folder.File("copy.pt")).CanonicalCopy!;
        var bytes = File.ReadAllBytes(copy.Path);

        int end = bytes.Length - 22;
        Assert.Equal(0x06054b50u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end)));
        Assert.NotEqual(0x07064b50u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end - 20)));
        Assert.Equal(0x0800, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
    }

    [Fact]
    public void ACopyWrittenWithZip64FieldsReadsBackTheSame()
    {
        // zip64 is only needed past 4 GiB; writing it from size 0 on tests the writer's and the reader's zip64 paths on a small file.
        string model = Fixtures.Model("robust_local");
        var findings = new FindingCollector();
        string path = _folder.File("zip64.pt");
        using (var archive = ArchiveReader.Open(model, ModelSafetyLimits.Default, findings)!)
            Assert.NotNull(CanonicalArchiveWriter.Write(archive, path, zip64From: 0));
        var bytes = File.ReadAllBytes(path);

        Assert.Empty(findings.All);
        Assert.Equal(0xFFFFFFFFu, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16)));
        Assert.Equal(0x07064b50u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 42)));
        var report = ModelSafetyCheck.Check(path);
        Assert.True(report.IsSafe, report.Describe(10));
        Assert.Equal(Entries(model), Entries(path));
    }

    [Fact]
    public void AnEntryTheCheckDoesNotReadIsStillVerifiedAndABadOneLeavesNoCopy()
    {
        // data/0 (a tensor the check never parses) stored with one byte changed under its original CRC.
        var zip = new RawZip();
        var items = RawZip.EntriesOf(Fixtures.Model(HostileArchives.Fixture)).Select(e => e.Name.EndsWith("/data/3", StringComparison.Ordinal)
            ? zip.Local(new RawZip.Item(e.Name, e.Bytes, 0) { Stored = [.. e.Bytes[..^1], (byte)(e.Bytes[^1] ^ 1)] })
            : zip.Local(e.Name, e.Bytes)).ToList();
        zip.End(items.Count, zip.Directory(items));
        string model = zip.Save(_folder.File("altered.pt"));
        string path = _folder.File("copy.pt");

        var check = ModelSafetyCheck.Check(model);
        var copy = ModelSafetyCheck.CheckAndCanonicalize(model, path);

        Assert.Equal(ModelSafetyStatus.Unreadable, check.Status);
        Assert.Equal("data/3", Assert.Single(check.Findings).Location);
        Assert.Contains("CRC-32", Assert.Single(copy.Findings).Message);
        Assert.Null(copy.CanonicalCopy);
        Assert.False(File.Exists(path));
    }

    private static List<(string, string)> Entries(string archive) =>
        RawZip.EntriesOf(archive).Select(e => (e.Name, Convert.ToHexStringLower(SHA256.HashData(e.Bytes)))).ToList();
}
