using Aegis.Core.Detection;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class RobustnessCheckTests(ModelCache models)
{
    private static readonly RobustnessParameters TwoHundred = new() { Samples = 200 };

    [Fact]
    public void AdversariallyTrainedModelIsRobust()
    {
        var report = new RobustnessCheck(models.Get("robust_clean")).Run(TestData.TestSet, TwoHundred);

        Assert.True(report.Robust, $"clean {report.CleanAccuracy}, adversarial {report.AdversarialAccuracy}");
        Assert.InRange(report.CleanAccuracy, 0.6, 1.0);
        Assert.InRange(report.AdversarialAccuracy, 0.4, report.CleanAccuracy);
        Assert.Equal(200, report.Samples);
        Assert.Equal(1.5, report.Epsilon);
        Assert.Equal("L2", report.Norm);
        Assert.Null(report.Note);
    }

    [Fact]
    public void StandardModelIsNotRobust()
    {
        var report = new RobustnessCheck(models.Get("standard_local_small")).Run(TestData.TestSet, TwoHundred);

        Assert.False(report.Robust, $"clean {report.CleanAccuracy}, adversarial {report.AdversarialAccuracy}");
        Assert.InRange(report.CleanAccuracy, 0.6, 1.0);
        Assert.InRange(report.AdversarialAccuracy, 0.0, 0.2);
        Assert.Contains("not adversarially robust", report.Note);
    }
}
