using Aegis.Core.Datasets;

namespace Aegis.Core.Tests.Datasets;

public class Cifar10ReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadsRecordsAcrossBatches()
    {
        File.WriteAllBytes(_dir.File("a.bin"), DatasetFiles.Cifar(3, 7));
        File.WriteAllBytes(_dir.File("b.bin"), DatasetFiles.Cifar(9));

        var dataset = Cifar10Reader.Read([_dir.File("a.bin"), _dir.File("b.bin")], "tiny");

        Assert.Equal([3, 7, 9], dataset.Labels);
        Assert.Equal((3, 32, 32), (dataset.Channels, dataset.Height, dataset.Width));
        Assert.Equal(2, dataset.Pixels[3072]);
        Assert.Equal(1, dataset.Pixels[2 * 3072]);
    }

    [Fact]
    public void RejectsATruncatedBatch()
    {
        File.WriteAllBytes(_dir.File("a.bin"), DatasetFiles.Cifar(1, 2)[..^1]);
        var error = Assert.Throws<DatasetFormatException>(() => Cifar10Reader.Read([_dir.File("a.bin")], "t"));
        Assert.Contains("not a whole number", error.Message);
    }

    [Fact]
    public void RejectsLabelsAboveNine()
    {
        File.WriteAllBytes(_dir.File("a.bin"), DatasetFiles.Cifar(1, 10));
        var error = Assert.Throws<DatasetFormatException>(() => Cifar10Reader.Read([_dir.File("a.bin")], "t"));
        Assert.Contains("label 10", error.Message);
    }

    [Fact]
    public void RejectsMissingAndEmptyInputs()
    {
        Assert.Throws<DatasetFormatException>(() => Cifar10Reader.Read([], "t"));
        Assert.Throws<DatasetFormatException>(() => Cifar10Reader.Read([_dir.File("absent.bin")], "t"));
        File.WriteAllBytes(_dir.File("empty.bin"), []);
        Assert.Throws<DatasetFormatException>(() => Cifar10Reader.Read([_dir.File("empty.bin")], "t"));
    }
}
