using Aegis.Core.Datasets;

namespace Aegis.Core.Tests.Datasets;

public class DatasetLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadsGzipIdxTrainAndRawIdxTest()
    {
        DatasetFiles.Save(_dir.File("train-images-idx3-ubyte.gz"), DatasetFiles.Images(2, 3, 3), gzip: true);
        DatasetFiles.Save(_dir.File("train-labels-idx1-ubyte.gz"), DatasetFiles.Labels(4, 5), gzip: true);
        DatasetFiles.Save(_dir.File("t10k-images-idx3-ubyte"), DatasetFiles.Images(1, 3, 3));
        DatasetFiles.Save(_dir.File("t10k-labels-idx1-ubyte"), DatasetFiles.Labels(6));

        var train = DatasetLoader.Load(_dir.Path, DatasetSplit.Train);
        var test = DatasetLoader.Load(_dir.Path, DatasetSplit.Test);

        Assert.Equal([4, 5], train.Labels);
        Assert.Equal([6], test.Labels);
        Assert.EndsWith("/train", train.Name);
        Assert.EndsWith("/test", test.Name);
    }

    [Fact]
    public void LoadsCifarBatchesFromTheExtractedFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "cifar-10-batches-bin")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "data_batch_2.bin"), DatasetFiles.Cifar(2));
        File.WriteAllBytes(Path.Combine(folder, "data_batch_1.bin"), DatasetFiles.Cifar(1));
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), DatasetFiles.Cifar(0, 8));

        Assert.Equal([1, 2], DatasetLoader.Load(_dir.Path, DatasetSplit.Train).Labels);
        Assert.Equal([0, 8], DatasetLoader.Load(_dir.Path, DatasetSplit.Test).Labels);
    }

    [Fact]
    public void ImagesWithoutLabelsAreReported()
    {
        DatasetFiles.Save(_dir.File("train-images-idx3-ubyte"), DatasetFiles.Images(1, 2, 2));
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(_dir.Path, DatasetSplit.Train));
        Assert.Contains("but not its labels file", error.Message);
    }

    [Fact]
    public void AnEmptyOrMissingFolderIsReported()
    {
        Assert.Contains("no train data found", Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(_dir.Path, DatasetSplit.Train)).Message);
        Assert.Contains("not found", Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(_dir.File("nope"), DatasetSplit.Test)).Message);
    }
}
