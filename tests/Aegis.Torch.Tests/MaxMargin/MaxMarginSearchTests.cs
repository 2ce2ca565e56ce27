using Aegis.Core.Detection;
using Aegis.Torch.MaxMargin;

namespace Aegis.Torch.Tests.MaxMargin;

/// <summary>MM-BD's search on real fixtures: standard_local_small (3x3 white square → 7, attack success 0.95).</summary>
[Collection(TorchCollection.Name)]
public sealed class MaxMarginSearchTests(ModelCache models)
{
    private static readonly MmBdParameters Quick = new() { Images = 4, MaxSteps = 15 };

    [Fact]
    public void TheBackdoorTargetsMarginIsTheOutlierThePublishedTestFlags()
    {
        var model = models.Get("standard_local_small");
        int target = TestData.Facts("standard_local_small").GetProperty("target_class").GetInt32();

        var statistics = new MaxMarginSearch(model).Run(Enumerable.Range(0, 10).ToArray(), new MmBdParameters(), seed: 0, batchSize: 300);
        var report = MmBdRule.Decide(statistics, new MmBdParameters());

        Assert.Equal(target, report.FlaggedClass);
        Assert.True(report.PValue < 0.05, $"p = {report.PValue}");
    }

    [Fact]
    public void TheModelSeesOnlyGridImagesAndTheSameSeedGivesTheSameStatistics()
    {
        var model = new GridRecorder(models.Get("standard_local_small"));
        int[] classes = [7, 2];

        var first = new MaxMarginSearch(model).Run(classes, Quick, seed: 3, batchSize: 64);
        var again = new MaxMarginSearch(model).Run(classes, Quick, seed: 3, batchSize: 64);

        Assert.Equal(0, model.LargestDistance, 1e-3);
        Assert.True(model.Images > 0);
        Assert.Equal(classes, first.Select(c => c.Label));
        Assert.Equal(first.Select(c => c.Statistic), again.Select(c => c.Statistic));
        Assert.All(first, c => Assert.InRange(c.Steps, 1, Quick.MaxSteps));
    }

    [Fact]
    public void ClassesInSeparateBatchesGetTheirOwnStatistics()
    {
        var model = models.Get("standard_local_small");
        int[] classes = [0, 5, 7];

        var together = new MaxMarginSearch(model).Run(classes, Quick, seed: 1, batchSize: 12);
        var apart = new MaxMarginSearch(model).Run(classes, Quick, seed: 1, batchSize: 4);

        for (int i = 0; i < classes.Length; i++)
            Assert.Equal(together[i].Statistic, apart[i].Statistic, 1e-3);
    }

    [Fact]
    public void MoreStepsReachALargerMargin()
    {
        var model = models.Get("standard_local_small");

        var few = new MaxMarginSearch(model).Run([3], Quick with { MaxSteps = 2, Tolerance = 0 }, seed: 2, batchSize: 64);
        var many = new MaxMarginSearch(model).Run([3], Quick with { MaxSteps = 40, Tolerance = 0 }, seed: 2, batchSize: 64);

        Assert.True(many[0].Statistic > few[0].Statistic, $"{many[0].Statistic} after 40 steps, {few[0].Statistic} after 2");
        Assert.Equal(40, many[0].Steps);
    }

    [Fact]
    public void AClassTheModelDoesNotHaveIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxMarginSearch(models.Get("standard_local_small")).Run([10], Quick, 0, 64));
}
