using Aegis.Core.Evaluation;

namespace Aegis.Core.Tests.Evaluation;

public sealed class ProbabilityMetricsTests
{
    private static readonly ScoredTruth[] Models =
    [
        new(0.9, true), new(0.8, true), new(0.4, true), new(0.4, true),
        new(0.7, false), new(0.4, false), new(0.1, false),
    ];

    [Fact]
    public void CrossEntropyIsTheMeanNegativeLogProbabilityOfTheTruth()
    {
        double expected = -(Math.Log(0.9) + Math.Log(0.8) + 2 * Math.Log(0.4) + Math.Log(0.3) + Math.Log(0.6) + Math.Log(0.9)) / 7;

        Assert.Equal(0.568749, expected, 6);
        Assert.Equal(expected, ProbabilityMetrics.CrossEntropy(Models)!.Value, 12);
    }

    [Fact]
    public void ACertainMissCostsTheClippedLogNotInfinity()
    {
        Assert.Equal(-Math.Log(1e-12), ProbabilityMetrics.CrossEntropy([new(0, true)])!.Value, 6);
        Assert.Equal(Math.Log(2), ProbabilityMetrics.CrossEntropy([new(0.5, true), new(0.5, false)])!.Value, 12);
    }

    [Fact]
    public void BrierIsTheMeanSquaredDistanceToTheTruth()
    {
        // (0.01 + 0.04 + 0.36 + 0.36 + 0.49 + 0.16 + 0.01) / 7
        Assert.Equal(1.43 / 7, ProbabilityMetrics.Brier(Models)!.Value, 12);
    }

    [Fact]
    public void AProbabilityOutsideZeroToOneIsRefused()
    {
        Assert.Throws<ArgumentException>(() => ProbabilityMetrics.Brier([new(1.5, true)]));
        Assert.Null(ProbabilityMetrics.CrossEntropy([]));
    }
}
