using Aegis.Core.Clustering;

namespace Aegis.Core.Tests.Clustering;

public class BandwidthEstimatorTests
{
    // 1-D points 0, 1, 3, 6. Sorted distances from each point (itself first):
    // 0: 0 1 3 6 | 1: 0 1 2 5 | 3: 0 2 3 3 | 6: 0 3 5 6
    private static readonly double[] Line = [0, 1, 3, 6];

    [Theory]
    [InlineData(0.5, 1.75)]   // k = 2: (1 + 1 + 2 + 3) / 4
    [InlineData(0.75, 3.25)]  // k = 3: (3 + 2 + 3 + 5) / 4
    [InlineData(1.0, 5.0)]    // k = 4: (6 + 5 + 3 + 6) / 4
    [InlineData(0.3, 0.0)]    // k = int(1.2) = 1: each point's nearest neighbour is itself
    public void IsTheMeanDistanceToTheKthNeighbourCountingThePointItself(double quantile, double expected)
        => Assert.Equal(expected, BandwidthEstimator.Estimate(Line, 1, quantile), 12);

    [Fact]
    public void UsesEuclideanDistanceInSeveralDimensions()
    {
        double[] points = [0, 0, 3, 0, 0, 4];
        // Distances: (0,0)-(3,0) = 3, (0,0)-(0,4) = 4, (3,0)-(0,4) = 5. Quantile 0.7 gives k = 2, so each point's nearest other point counts: 3, 3, 4.
        Assert.Equal((3 + 3 + 4) / 3.0, BandwidthEstimator.Estimate(points, 2, quantile: 0.7), 12);
    }

    [Theory]
    [InlineData(0.3, 0.0)]  // k = 3: every point shares its position with four others
    [InlineData(0.6, 1.0)]  // k = 6: the sixth neighbour is always one unit away
    public void IsZeroWhenPointsCollapseOntoAFewPositions(double quantile, double expected)
    {
        double[] points = [0, 0, 0, 1, 1, 1, 0, 1, 0, 1];
        Assert.Equal(expected, BandwidthEstimator.Estimate(points, 1, quantile), 12);
    }

    [Fact]
    public void MatchesScikitLearnOnTheRecordedDataset()
        => Assert.Equal(MeanShiftReference.Bandwidth, BandwidthEstimator.Estimate(MeanShiftReference.Points, 2), 10);

    [Fact]
    public void ASubsetOfSamplesIsSeeded()
    {
        var a = BandwidthEstimator.Estimate(MeanShiftReference.Points, 2, samples: 20, seed: 4);
        var b = BandwidthEstimator.Estimate(MeanShiftReference.Points, 2, samples: 20, seed: 4);
        Assert.Equal(a, b);
        Assert.True(a > 0);
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => BandwidthEstimator.Estimate([1, 2, 3], 2));
        Assert.Throws<ArgumentException>(() => BandwidthEstimator.Estimate([], 2));
        Assert.Throws<ArgumentException>(() => BandwidthEstimator.Estimate([1, double.NaN], 1));
        Assert.Throws<ArgumentException>(() => BandwidthEstimator.Estimate(Line, 1, quantile: 1.5));
    }
}
