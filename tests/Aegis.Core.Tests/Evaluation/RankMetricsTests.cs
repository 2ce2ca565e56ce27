using Aegis.Core.Evaluation;

namespace Aegis.Core.Tests.Evaluation;

public sealed class RankMetricsTests
{
    // Four backdoored models (0.9, 0.8, 0.4, 0.4) and three clean ones (0.7, 0.4, 0.1): a tie across the truth at 0.4.
    private static readonly ScoredTruth[] Models =
    [
        new(0.9, true), new(0.8, true), new(0.4, true), new(0.4, true),
        new(0.7, false), new(0.4, false), new(0.1, false),
    ];

    [Fact]
    public void AucCountsEveryPairAndTiesAsOneHalf()
    {
        // 0.9 and 0.8 beat all three clean (6); each 0.4 beats 0.1 and ties 0.4 (2 × 1.5): 9 of 12 pairs.
        Assert.Equal(0.75, RankMetrics.RocAuc(Models));
    }

    [Fact]
    public void TheCurveStepsThroughEachDistinctScoreAndEnclosesTheAuc()
    {
        var curve = RankMetrics.RocCurve(Models);

        Assert.Equal([(0, 0), (0, 0.25), (0, 0.5), (1 / 3.0, 0.5), (2 / 3.0, 1), (1, 1)], curve);
        double area = curve.Zip(curve.Skip(1), (a, b) => (b.FalsePositiveRate - a.FalsePositiveRate) * (a.TruePositiveRate + b.TruePositiveRate) / 2).Sum();
        Assert.Equal(0.75, area, 12);
    }

    [Fact]
    public void AveragePrecisionSumsPrecisionOverRecallSteps()
    {
        // Recall 0.25 and 0.5 at precision 1; then 0.5 more recall at 4 of 6: 0.5 + 1/3.
        Assert.Equal(5 / 6.0, RankMetrics.AveragePrecision(Models)!.Value, 12);
    }

    [Fact]
    public void FprAt95PercentTprIsThatOfTheFirstLineThatFlagsEnough()
    {
        // All four backdoored models are flagged only at 0.4, where two of three clean ones are too.
        Assert.Equal(2 / 3.0, RankMetrics.FalsePositiveRateAtRecall(Models)!.Value, 12);
        Assert.Equal(0, RankMetrics.FalsePositiveRateAtRecall(Models, recall: 0.5)!.Value);
    }

    [Fact]
    public void APerfectRankingAndOneWithoutBothKinds()
    {
        ScoredTruth[] perfect = [new(0.9, true), new(0.6, true), new(0.5, false)];

        Assert.Equal(1, RankMetrics.RocAuc(perfect));
        Assert.Equal(1, RankMetrics.AveragePrecision(perfect));
        Assert.Equal(0, RankMetrics.FalsePositiveRateAtRecall(perfect));
        Assert.Null(RankMetrics.RocAuc([new(0.9, true)]));
        Assert.Null(RankMetrics.AveragePrecision([new(0.1, false)]));
    }
}
