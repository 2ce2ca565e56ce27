using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class TorchScriptClassifierTests(ModelCache models) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("aegis-torch-tests").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData("robust_clean")]
    [InlineData("robust_local")]
    [InlineData("standard_local_small")]
    public void FixtureGivesTheRecordedLogitsAndFeatures(string name)
    {
        var model = models.Get(name);
        var expected = TestData.Facts(name).GetProperty("expected");
        var images = TestData.TestSet.GetImages([0, 1, 2, 3]);

        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var input = tensor(images, [4, 1, 28, 28]);
        var logits = model.Logits(input).data<float>().ToArray();
        var features = model.Features(input);

        Assert.Equal(new ImageShape(1, 28, 28), model.InputShape);
        Assert.Equal(10, model.ClassCount);
        Assert.Equal("torchscript", model.Format);
        Assert.Equal(name, model.Name);
        var expectedLogits = expected.GetProperty("logits").EnumerateArray().SelectMany(row => row.EnumerateArray()).Select(v => v.GetDouble()).ToArray();
        for (int i = 0; i < expectedLogits.Length; i++)
            Assert.True(Math.Abs(expectedLogits[i] - logits[i]) < 1e-4, $"logit {i}: {logits[i]} vs recorded {expectedLogits[i]}");

        var shape = expected.GetProperty("features_shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        Assert.Equal(shape, features.shape);
        Assert.Equal((int)shape[1], model.FeatureDimension);
        var sums = features.sum(1).data<float>().ToArray();
        var expectedSums = expected.GetProperty("features_sum").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int i = 0; i < sums.Length; i++)
            Assert.True(Math.Abs(expectedSums[i] - sums[i]) < 1e-3, $"feature sum {i}: {sums[i]} vs recorded {expectedSums[i]}");
    }

    [Fact]
    public void ParametersAreFrozen()
    {
        var model = models.Get("robust_clean");
        using var scope = NewDisposeScope();
        var logits = model.Logits(rand(1, 1, 28, 28));
        Assert.False(logits.requires_grad);
    }

    [Fact]
    public void FingerprintIsTheFileSha256()
    {
        // Value from `sha256sum shared/fixtures/models/robust_clean.pt`.
        Assert.Equal("d11829c74fcf49f29428b838338e44fef326a87e1d1de2d23a380e69fc0d49b5", ModelFingerprint.Sha256(TestData.ModelPath("robust_clean")));
    }

    [Fact]
    public void MissingFileIsALoadError()
    {
        var path = Path.Combine(_scratch, "absent.pt");
        var error = Assert.Throws<ModelLoadException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("not found", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void EmptyFileIsALoadError()
    {
        var path = Path.Combine(_scratch, "empty.pt");
        File.WriteAllBytes(path, []);
        var error = Assert.Throws<ModelLoadException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void GarbageFileIsALoadError()
    {
        var path = Path.Combine(_scratch, "garbage.pt");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251)).ToArray());
        var error = Assert.Throws<ModelLoadException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("not a TorchScript archive", error.Message);
    }

    [Fact]
    public void TruncatedArchiveIsALoadError()
    {
        var path = Path.Combine(_scratch, "truncated.pt");
        var bytes = File.ReadAllBytes(TestData.ModelPath("robust_clean"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<ModelLoadException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("could not be loaded as TorchScript", error.Message);
    }

    [Fact]
    public void ModelWithoutFeaturesBreaksTheContract()
    {
        var path = TestData.RewriteCode("robust_clean", code => code.Replace("features", "penultimate"), _scratch);
        var error = Assert.Throws<ModelContractException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("'features'", error.Message);
        Assert.Contains("@torch.jit.export", error.Message);
    }

    [Fact]
    public void NonFiniteLogitsBreakTheContract()
    {
        var path = TestData.RewriteCode("robust_clean",
            code => code.Replace("return _0\n", "return torch.mul(_0, float(\"nan\"))\n"), _scratch);
        var error = Assert.Throws<ModelContractException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("non-finite logits", error.Message);
    }

    [Fact]
    public void FlatLogitsBreakTheContract()
    {
        var path = TestData.RewriteCode("robust_clean", code => code.Replace("return _0\n", "return torch.flatten(_0)\n"), _scratch);
        var error = Assert.Throws<ModelContractException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("rank-1", error.Message);
        Assert.Contains("logits [2,K]", error.Message);
        Assert.DoesNotContain("20", error.Message);
    }

    [Fact]
    public void AShapeTheModelComputedIsNeverQuoted()
    {
        // Issue 8's leak: the first bytes of a file ("root:") as a shape, once echoed by this message.
        var path = TestData.RewriteCode("robust_clean", code => code.Replace("return _0\n", "return torch.empty([0, 115, 112, 112, 117])\n"), _scratch);
        var error = Assert.Throws<ModelContractException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("rank-5", error.Message);
        foreach (var value in new[] { "115", "112", "117" })
            Assert.DoesNotContain(value, error.Message);
    }

    [Fact]
    public void DetachedForwardBreaksTheContract()
    {
        var path = TestData.RewriteCode("robust_clean", code => code.Replace("return _0\n", "return torch.detach(_0)\n"), _scratch);
        var error = Assert.Throws<ModelContractException>(() => TorchScriptClassifier.Load(path));
        Assert.Contains("gradient", error.Message);
    }

    [Fact]
    public void WrongInputShapeBreaksTheContract()
    {
        var error = Assert.Throws<ModelContractException>(() =>
            TorchScriptClassifier.Load(TestData.ModelPath("robust_clean"), new TorchScriptLoadOptions { InputShape = new ImageShape(3, 32, 32) }));
        Assert.Contains("3x32x32", error.Message);
    }

    [Fact]
    public void WrongClassCountBreaksTheContract()
    {
        var error = Assert.Throws<ModelContractException>(() =>
            TorchScriptClassifier.Load(TestData.ModelPath("robust_clean"), new TorchScriptLoadOptions { ClassCount = 5 }));
        Assert.Contains("is not the 5 classes expected", error.Message);
        Assert.DoesNotContain("10", error.Message);
    }
}
