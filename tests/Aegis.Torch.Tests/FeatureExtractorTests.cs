using static TorchSharp.torch;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class FeatureExtractorTests(ModelCache models)
{
    [Fact]
    public void RowsMatchTheModelsFeaturesWhateverTheBatchSize()
    {
        var model = models.Get("robust_clean");
        var images = TestData.TestSet.GetImages([0, 1, 2, 3, 4]);

        var batched = new FeatureExtractor(model, batchSize: 2).Extract(images);
        var whole = new FeatureExtractor(model, batchSize: 500).Extract(images);

        Assert.Equal(5, batched.Rows);
        Assert.Equal(model.FeatureDimension, batched.Columns);
        for (int i = 0; i < batched.Data.Length; i++)
            Assert.True(Math.Abs(batched.Data[i] - whole.Data[i]) < 1e-4);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var direct = model.Features(tensor(images.AsSpan(784, 784).ToArray(), [1, 1, 28, 28])).data<float>().ToArray();
        for (int d = 0; d < direct.Length; d++)
            Assert.True(Math.Abs(direct[d] - batched.Row(1)[d]) < 1e-4);
    }

    [Fact]
    public void PartialImageIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new FeatureExtractor(models.Get("robust_clean")).Extract(new float[100]));
        Assert.Contains("1x28x28", error.Message);
    }
}
