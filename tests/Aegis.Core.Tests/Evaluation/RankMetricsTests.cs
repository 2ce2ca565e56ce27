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
    public void Auc_counts_every_pair_and_ties_as_one_half()
    {
        // 0.9 and 0.8 beat all three clean (6); each 0.4 beats 0.1 and ties 0.4 (2 × 1.5): 9 of 12 pairs.
        Assert.Equal(0.75, RankMetrics.RocAuc(Models));
    }

    [Fact]
    public void The_curve_steps_through_each_distinct_score_and_encloses_the_auc()
    {
        var curve = RankMetrics.RocCurve(Models);

        Assert.Equal([(0, 0), (0, 0.25), (0, 0.5), (1 / 3.0, 0.5), (2 / 3.0, 1), (1, 1)], curve);
        double area = curve.Zip(curve.Skip(1), (a, b) => (b.FalsePositiveRate - a.FalsePositiveRate) * (a.TruePositiveRate + b.TruePositiveRate) / 2).Sum();
        Assert.Equal(0.75, area, 12);
    }

    [Fact]
    public void Average_precision_sums_precision_over_recall_steps()
    {
        // Recall 0.25 and 0.5 at precision 1; then 0.5 more recall at 4 of 6: 0.5 + 1/3.
        Assert.Equal(5 / 6.0, RankMetrics.AveragePrecision(Models)!.Value, 12);
    }

    [Fact]
    public void Fpr_at_95_percent_tpr_is_that_of_the_first_line_that_flags_enough()
    {
        // All four backdoored models are flagged only at 0.4, where two of three clean ones are too.
        Assert.Equal(2 / 3.0, RankMetrics.FalsePositiveRateAtRecall(Models)!.Value, 12);
        Assert.Equal(0, RankMetrics.FalsePositiveRateAtRecall(Models, recall: 0.5)!.Value);
    }

    [Fact]
    public void A_perfect_ranking_and_one_without_both_kinds()
    {
        ScoredTruth[] perfect = [new(0.9, true), new(0.6, true), new(0.5, false)];

        Assert.Equal(1, RankMetrics.RocAuc(perfect));
        Assert.Equal(1, RankMetrics.AveragePrecision(perfect));
        Assert.Equal(0, RankMetrics.FalsePositiveRateAtRecall(perfect));
        Assert.Null(RankMetrics.RocAuc([new(0.9, true)]));
        Assert.Null(RankMetrics.AveragePrecision([new(0.1, false)]));
    }
}
