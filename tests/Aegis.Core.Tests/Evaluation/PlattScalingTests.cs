using Aegis.Core.Evaluation;

namespace Aegis.Core.Tests.Evaluation;

public sealed class PlattScalingTests
{
    [Fact]
    public void TheFitSetsTheGradientToZeroAgainstPlattsTargets()
    {
        ScoredTruth[] models = [new(-0.9, false), new(-0.6, false), new(-0.5, false), new(0.1, false), new(-0.2, true), new(0.3, true), new(0.8, true), new(1.5, true)];

        var (slope, intercept) = PlattScaling.Fit(models);

        Assert.True(slope > 0);
        double high = 5 / 6.0, low = 1 / 6.0;
        double gradientIntercept = models.Sum(m => PlattScaling.Logistic(slope * m.Score + intercept) - (m.Backdoored ? high : low));
        double gradientSlope = models.Sum(m => (PlattScaling.Logistic(slope * m.Score + intercept) - (m.Backdoored ? high : low)) * m.Score);
        Assert.Equal(0, gradientIntercept, 8);
        Assert.Equal(0, gradientSlope, 8);
    }

    [Fact]
    public void APerfectSeparationGivesAFiniteSlopeAndProbabilitiesShortOfCertainty()
    {
        ScoredTruth[] models = [new(-1, false), new(-0.8, false), new(-0.7, false), new(0.4, true), new(0.9, true), new(1.2, true)];

        var (slope, intercept) = PlattScaling.Fit(models);

        Assert.InRange(slope, 0.1, 100);
        Assert.InRange(PlattScaling.Logistic(slope * 1.2 + intercept), 0.5, 0.99);
        Assert.InRange(PlattScaling.Logistic(slope * -1 + intercept), 0.01, 0.5);
    }

    [Fact]
    public void ScoresThatFallWithTheTruthOrOneKindOfModelCannotBeCalibrated()
    {
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([new(1, false), new(0.8, false), new(-1, true), new(-0.5, true)]));
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([new(1, true), new(0.8, true)]));
    }
}
