using System.IO.Compression;
using Aegis.Core.Datasets;
using Aegis.Core.Tests.Support;

namespace Aegis.Core.Tests.Datasets;

/// <summary>Tiny dataset files whose headers claim huge sizes: each costs an error, not memory.</summary>
public class HeaderBombTests : IDisposable
{
    // Far below what any of these headers claims; a reader that trusts the claim allocates gigabytes.
    private const long SmallAllocation = 1 << 20;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnIdxHeaderWhoseProductOverflowsIsRefused(bool gzip)
    {
        // [2^30, 2^30, 24]: the product overflows 64-bit arithmetic done naively.
        DatasetFiles.Save(_dir.File("bomb"), DatasetFiles.Idx([1 << 30, 1 << 30, 24], []), gzip);

        var (error, bytes) = Allocations.Throwing<DatasetFormatException>(() => IdxReader.ReadTensor(_dir.File("bomb")));

        Assert.Contains("[1073741824, 1073741824, 24] = 27670116110564327424 bytes", error.Message);
        Assert.Contains("more than the 1073741824-byte limit", error.Message);
        Assert.True(bytes < SmallAllocation, $"allocated {bytes} bytes");
    }

    [Fact]
    public void A16ByteIdxFileClaimingAGigabyteAllocatesNothing()
    {
        DatasetFiles.Save(_dir.File("liar"), DatasetFiles.Idx([1000, 1000, 1000], []));
        Assert.Equal(16, new FileInfo(_dir.File("liar")).Length);

        var (error, bytes) = Allocations.Throwing<DatasetFormatException>(() => IdxReader.ReadTensor(_dir.File("liar")));

        Assert.Contains("the header claims 1000000000 bytes, the file holds 0", error.Message);
        Assert.True(bytes < SmallAllocation, $"allocated {bytes} bytes");
    }

    [Fact]
    public void AGzipIdxFileClaimingMoreThanDeflateCanProduceAllocatesNothing()
    {
        DatasetFiles.Save(_dir.File("liar.gz"), DatasetFiles.Idx([100, 1000, 1000], new byte[10]), gzip: true);

        var (error, bytes) = Allocations.Throwing<DatasetFormatException>(() => IdxReader.ReadTensor(_dir.File("liar.gz")));

        Assert.Contains("inflate to at most", error.Message);
        Assert.True(bytes < SmallAllocation, $"allocated {bytes} bytes");
    }

    [Fact]
    public void AGzipBombIsRefusedAtItsHeaderWithoutInflating()
    {
        // 64 MiB of zeros compress to about 64 KiB; under a 1 MiB cap the claim alone is refused.
        var path = _dir.File("bomb.gz");
        WriteGzip(path, DatasetFiles.Idx([64, 1024, 1024], []), zeros: 64 << 20);
        Assert.True(new FileInfo(path).Length < 1 << 20);

        var (error, bytes) = Allocations.Throwing<DatasetFormatException>(() => IdxReader.ReadTensor(path, maxBytes: 1 << 20));

        Assert.Contains("more than the 1048576-byte limit", error.Message);
        Assert.True(bytes < SmallAllocation, $"allocated {bytes} bytes");
    }

    [Fact]
    public void AGzipStreamLongerThanItsHeaderStopsOneBytePastTheClaim()
    {
        var path = _dir.File("long.gz");
        WriteGzip(path, DatasetFiles.Idx([1, 10, 10], []), zeros: 64 << 20);

        var (error, bytes) = Allocations.Throwing<DatasetFormatException>(() => IdxReader.ReadTensor(path));

        Assert.Contains("unexpected bytes after the 100 data bytes", error.Message);
        Assert.True(bytes < SmallAllocation, $"allocated {bytes} bytes");
    }

    [Fact]
    public void ACifarBatchOverTwoGigabytesIsRefusedBeforeReading()
    {
        // A sparse file: 2.2 GB long, a whole number of records, no disk blocks behind it.
        var path = _dir.File("data_batch_1.bin");
        using (var file = File.Create(path))
            file.SetLength(Cifar10Reader.RecordSize * 715_000L);
        Assert.True(new FileInfo(path).Length > int.MaxValue);

        var (error, bytes) = Allocations.Throwing<DatasetFormatException>(() => Cifar10Reader.Read([path], "big"));

        Assert.Contains("hold 2197195000 bytes, more than the 1073741824-byte limit", error.Message);
        Assert.True(bytes < SmallAllocation, $"allocated {bytes} bytes");
    }

    [Fact]
    public void CifarBatchesAreCappedTogether()
    {
        File.WriteAllBytes(_dir.File("a.bin"), DatasetFiles.Cifar(1, 2));
        File.WriteAllBytes(_dir.File("b.bin"), DatasetFiles.Cifar(3, 4));

        Assert.Equal(4, Cifar10Reader.Read([_dir.File("a.bin"), _dir.File("b.bin")], "t", maxBytes: 4 * Cifar10Reader.RecordSize).Count);
        var error = Assert.Throws<DatasetFormatException>(() => Cifar10Reader.Read([_dir.File("a.bin"), _dir.File("b.bin")], "t", maxBytes: 3 * Cifar10Reader.RecordSize));
        Assert.Contains("up to b.bin hold 12292 bytes", error.Message);
    }

    [Fact]
    public void ADatasetFolderWithAHeaderBombIsADatasetError()
    {
        DatasetFiles.Save(_dir.File("train-images-idx3-ubyte"), DatasetFiles.Idx([1 << 30, 1 << 30, 24], []));
        DatasetFiles.Save(_dir.File("train-labels-idx1-ubyte"), DatasetFiles.Labels(1));

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(_dir.Path, DatasetSplit.Train));
        Assert.Contains("limit", error.Message);
    }

    private static void WriteGzip(string path, byte[] header, int zeros)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(header);
        var block = new byte[1 << 20];
        for (int written = 0; written < zeros; written += block.Length)
            gzip.Write(block);
    }
}
