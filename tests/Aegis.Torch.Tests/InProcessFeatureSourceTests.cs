using Aegis.Core.Datasets;
using Aegis.Core.Detection;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class InProcessFeatureSourceTests(ModelCache models)
{
    private static readonly ScanParameters Tiny = new() { Seeds = 20, Steps = 5, CleanPerClass = 15, BatchSize = 8, RandomSeed = 11 };

    [Fact]
    public async Task ReturnsFeaturesOfTranslatedAndCleanImages()
    {
        var model = models.Get("robust_local");
        var source = new InProcessFeatureSource(model, TestData.TrainingSet, Tiny);

        var features = await source.GetClassFeaturesAsync(7);

        Assert.Equal(7, features.Label);
        Assert.Equal(new ImageShape(1, 28, 28), features.Shape);
        Assert.Equal((20, 128), (features.Translated.Rows, features.Translated.Columns));
        Assert.Equal((15, 128), (features.Clean.Rows, features.Clean.Columns));
        Assert.Equal(20 * 784, features.TranslatedImages.Length);
        Assert.Equal(15 * 784, features.CleanImages.Length);
        Assert.Equal(20, features.SeedLabels.Length);
        Assert.Contains(features.SeedLabels, l => l != 7);
        Assert.InRange(features.TranslationSuccess, 0.0, 1.0);
        Assert.True(features.TranslationSeconds > 0);
        Assert.True(features.FeatureSeconds > 0);
        var cleanIndices = TestData.TrainingSet.Sample(15, InProcessFeatureSource.CleanSampleSeed(11, 7), label: 7);
        Assert.Equal(TestData.TrainingSet.GetImages(cleanIndices), features.CleanImages);

        // Row 7 of the centroids is the mean of exactly the clean features above.
        Assert.Equal((10, 128), (features.ClassCentroids!.Rows, features.ClassCentroids.Columns));
        var mean = features.Clean.ColumnMeans();
        for (int d = 0; d < 128; d++)
            Assert.Equal(mean[d], features.ClassCentroids.Row(7)[d], 3);
    }

    [Fact]
    public async Task SameSeedGivesTheSameClassFeatures()
    {
        var model = models.Get("robust_local");
        var first = await new InProcessFeatureSource(model, TestData.TrainingSet, Tiny).GetClassFeaturesAsync(2);
        var again = await new InProcessFeatureSource(model, TestData.TrainingSet, Tiny).GetClassFeaturesAsync(2);
        var otherLabel = await new InProcessFeatureSource(model, TestData.TrainingSet, Tiny).GetClassFeaturesAsync(3);

        Assert.Equal(first.SeedLabels, again.SeedLabels);
        Assert.Equal(first.TranslatedImages, again.TranslatedImages);
        Assert.Equal(first.Translated.Data, again.Translated.Data);
        Assert.NotEqual(first.SeedLabels, otherLabel.SeedLabels);
    }

    [Fact]
    public void DatasetOfAnotherShapeIsRejected()
    {
        var colour = new ImageDataset("tiny-colour", new byte[2 * 3 * 32 * 32], [0, 1], 3, 32, 32, 10);
        var error = Assert.Throws<DatasetMismatchException>(() => new InProcessFeatureSource(models.Get("robust_local"), colour, Tiny));
        Assert.Contains("3x32x32", error.Message);
        Assert.Contains("1x28x28", error.Message);
    }

    [Fact]
    public void DatasetWithAnotherClassCountIsRejected()
    {
        var fewer = new ImageDataset("tiny-five", new byte[2 * 784], [0, 1], 1, 28, 28, 5);
        var error = Assert.Throws<DatasetMismatchException>(() => new InProcessFeatureSource(models.Get("robust_local"), fewer, Tiny));
        Assert.Contains("5 classes", error.Message);
    }
}
