using Aegis.Core.Clustering;
using Aegis.Core.Tests.Support;

namespace Aegis.Core.Tests.Clustering;

public class MeanShiftTests
{
    [Fact]
    public void MatchesScikitLearnOnTheRecordedDataset()
    {
        var result = MeanShift.Fit(MeanShiftReference.Points, 2, MeanShiftReference.Bandwidth);

        Assert.Equal(2, result.ClusterCount);
        Assert.Equal(MeanShiftReference.Labels, result.Labels);
        for (int k = 0; k < result.Centers.Length; k++)
            Assert.Equal(MeanShiftReference.Centers[k], result.Centers[k], 9);
    }

    [Fact]
    public void MatchesScikitLearnWithHalfTheBandwidth()
    {
        var result = MeanShift.Fit(MeanShiftReference.Points, 2, MeanShiftReference.Bandwidth / 2);

        Assert.Equal(MeanShiftReference.HalfBandwidthClusters, result.ClusterCount);
        Assert.Equal(MeanShiftReference.HalfBandwidthLabels, result.Labels);
    }

    [Fact]
    public void FindsThreeSeparatedBlobs()
    {
        var (points, truth) = Blobs.Make(centers: 3, perBlob: 100, dimensions: 2, spread: 1.0, seed: 5, box: 20);
        var data = Blobs.ToDoubles(points);
        var result = MeanShift.Fit(data, 2, BandwidthEstimator.Estimate(data, 2));

        Assert.Equal(3, result.ClusterCount);
        // Each true blob maps onto exactly one cluster.
        for (int c = 0; c < 3; c++)
            Assert.Single(result.Labels.Where((_, i) => truth[i] == c).Distinct());
    }

    [Fact]
    public void GroupsOnALineWithKnownSpacing()
    {
        // Two groups 10 apart, points 0.1 apart: the kernel of width 1 never spans both.
        double[] line = [0, 0.1, 0.2, 10, 10.1, 10.2];
        var result = MeanShift.Fit(line, 1, bandwidth: 1);

        Assert.Equal(2, result.ClusterCount);
        // Equal intensity, so scikit-learn ranks the larger centre first (checked against scikit-learn 1.2.1).
        Assert.Equal([10.1, 0.1], result.Centers.Select(c => Math.Round(c, 12)).ToArray());
        Assert.Equal([1, 1, 1, 0, 0, 0], result.Labels);
    }

    [Fact]
    public void ABandwidthSpanningEverythingGivesOneCluster()
    {
        double[] line = [0, 1, 2, 3, 4, 5];
        var result = MeanShift.Fit(line, 1, bandwidth: 10);
        Assert.Equal(1, result.ClusterCount);
        Assert.Equal(2.5, result.Centers[0], 12);
        Assert.All(result.Labels, l => Assert.Equal(0, l));
    }

    [Fact]
    public void BinSeedingWithoutClusterAllLeavesOrphansUnlabelled()
    {
        // scikit-learn 1.2.1: MeanShift(bandwidth=1, bin_seeding=True, min_bin_freq=2, cluster_all=False) -> [0 0 0 -1], centre (0.1, 0).
        double[] points = [0, 0, 0.1, 0, 0.2, 0, 50, 0];
        var options = new MeanShiftOptions { BinSeeding = true, MinBinFrequency = 2, ClusterAll = false };
        var orphaned = MeanShift.Fit(points, 2, 1, options);
        var clustered = MeanShift.Fit(points, 2, 1, options with { ClusterAll = true });

        Assert.Equal([0, 0, 0, -1], orphaned.Labels);
        Assert.Equal(0.1, orphaned.Centers[0], 12);
        Assert.Equal([0, 0, 0, 0], clustered.Labels);
    }

    [Fact]
    public void IsTheSameWithOneOrTwoThreads()
    {
        var data = Blobs.ToDoubles(Blobs.Make(4, 100, 2, 2.0, 9).Points);
        double bandwidth = BandwidthEstimator.Estimate(data, 2);
        var one = MeanShift.Fit(data, 2, bandwidth, new MeanShiftOptions { MaxDegreeOfParallelism = 1 });
        var two = MeanShift.Fit(data, 2, bandwidth, new MeanShiftOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.ClusterCount, two.ClusterCount);
        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(one.Centers, two.Centers);
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => MeanShift.Fit([0, 1, 2], 1, -1));
        Assert.Throws<ArgumentException>(() => MeanShift.Fit([0, 1, 2], 1, double.NaN));
        Assert.Throws<ArgumentException>(() => MeanShift.Fit([0, 1, 2], 2, 1));
        Assert.Throws<ArgumentException>(() => MeanShift.Fit([0, double.PositiveInfinity], 1, 1));
        Assert.Throws<ArgumentException>(() => MeanShift.Fit([], 1, 1));
    }

    [Fact]
    public void HonoursCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MeanShift.Fit(MeanShiftReference.Points, 2, 1, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void AZeroBandwidthMakesEachDistinctPositionACluster()
    {
        // Three points at (1, 1), two at (0, 0), two at (5, -1): most members first, then larger coordinates.
        double[] points = [0, 0, 1, 1, 5, -1, 1, 1, 0, 0, 1, 1, 5, -1];
        var result = MeanShift.Fit(points, 2, bandwidth: 0);

        Assert.Equal(3, result.ClusterCount);
        Assert.Equal([1, 1, 5, -1, 0, 0], result.Centers);
        Assert.Equal([2, 0, 1, 0, 2, 0, 1], result.Labels);
    }
}
