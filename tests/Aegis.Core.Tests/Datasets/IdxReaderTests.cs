using Aegis.Core.Datasets;

namespace Aegis.Core.Tests.Datasets;

public class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndLabelsRawOrGzip(bool gzip)
    {
        DatasetFiles.Save(_dir.File("images"), DatasetFiles.Images(3, 2, 4), gzip);
        DatasetFiles.Save(_dir.File("labels"), DatasetFiles.Labels(2, 0, 9), gzip);

        var dataset = IdxReader.Read(_dir.File("images"), _dir.File("labels"), "tiny");

        Assert.Equal(3, dataset.Count);
        Assert.Equal((1, 2, 4), (dataset.Channels, dataset.Height, dataset.Width));
        Assert.Equal([2, 0, 9], dataset.Labels);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)i), dataset.Pixels);
        Assert.Equal([1], dataset.IndicesOf(0));
        Assert.Equal(8 / 255f, dataset.GetImages([1])[0], 6);
    }

    [Fact]
    public void RejectsATruncatedFile()
    {
        var bytes = DatasetFiles.Images(3, 2, 4);
        DatasetFiles.Save(_dir.File("images"), bytes[..^5]);
        DatasetFiles.Save(_dir.File("labels"), DatasetFiles.Labels(1, 2, 3));

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(_dir.File("images"), _dir.File("labels"), "t"));
        Assert.Contains("truncated data", error.Message);
    }

    [Fact]
    public void RejectsATruncatedGzipStream()
    {
        DatasetFiles.Save(_dir.File("images.gz"), DatasetFiles.Images(50, 8, 8), gzip: true);
        var bytes = File.ReadAllBytes(_dir.File("images.gz"));
        File.WriteAllBytes(_dir.File("images.gz"), bytes[..(bytes.Length / 2)]);

        Assert.Throws<DatasetFormatException>(() => IdxReader.ReadTensor(_dir.File("images.gz")));
    }

    [Fact]
    public void RejectsImageAndLabelCountMismatch()
    {
        DatasetFiles.Save(_dir.File("images"), DatasetFiles.Images(3, 2, 2));
        DatasetFiles.Save(_dir.File("labels"), DatasetFiles.Labels(1, 2));

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(_dir.File("images"), _dir.File("labels"), "t"));
        Assert.Contains("3 images but", error.Message);
    }

    [Fact]
    public void RejectsAFileThatIsNotIdx()
    {
        File.WriteAllText(_dir.File("images"), "GIF89a not an idx file");
        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadTensor(_dir.File("images")));
        Assert.Contains("not an IDX file", error.Message);
    }

    [Fact]
    public void RejectsNonByteElementTypesAndSwappedFiles()
    {
        DatasetFiles.Save(_dir.File("floats"), DatasetFiles.Idx([1], new byte[4], type: 0x0D));
        Assert.Contains("not supported", Assert.Throws<DatasetFormatException>(() => IdxReader.ReadTensor(_dir.File("floats"))).Message);

        DatasetFiles.Save(_dir.File("images"), DatasetFiles.Images(2, 2, 2));
        DatasetFiles.Save(_dir.File("labels"), DatasetFiles.Labels(1, 2));
        Assert.Contains("3-D image file", Assert.Throws<DatasetFormatException>(() => IdxReader.Read(_dir.File("labels"), _dir.File("images"), "t")).Message);
    }

    [Fact]
    public void RejectsLabelsOutsideTheClassRange()
    {
        DatasetFiles.Save(_dir.File("images"), DatasetFiles.Images(2, 2, 2));
        DatasetFiles.Save(_dir.File("labels"), DatasetFiles.Labels(1, 10));

        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(_dir.File("images"), _dir.File("labels"), "t"));
        Assert.Contains("label 10", error.Message);
    }

    [Fact]
    public void AMissingFileSaysSo()
        => Assert.Contains("not found", Assert.Throws<DatasetFormatException>(() => IdxReader.ReadTensor(_dir.File("absent"))).Message);

    [Fact]
    public void ReadsTheRealFashionMnistTestLabels()
    {
        const string path = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";
        Assert.True(File.Exists(path), $"{path} is missing (Debian package dataset-fashion-mnist)");

        var (dimensions, labels) = IdxReader.ReadTensor(path);

        Assert.Equal([10000], dimensions);
        Assert.Equal(Enumerable.Repeat(1000, 10), labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()));
    }
}
