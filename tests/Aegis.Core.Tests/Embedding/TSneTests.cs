using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Aegis.Core.Clustering;
using Aegis.Core.Embedding;
using Aegis.Core.Tests.Support;

namespace Aegis.Core.Tests.Embedding;

public class TSneTests
{
    private static readonly (Matrix Points, int[] Labels) ThreeBlobs = Blobs.Make(centers: 3, perBlob: 60, dimensions: 50, spread: 1.0, seed: 7);

    [Theory]
    [InlineData(TSneMethod.Exact)]
    [InlineData(TSneMethod.BarnesHut)]
    public void KeepsWellSeparatedBlobsApart(TSneMethod method)
    {
        var (points, labels) = ThreeBlobs;
        var embedding = TSne.Embed(points, new TSneOptions { Method = method, Seed = 1 });

        Assert.Equal(points.Rows * 2, embedding.Length);
        Assert.True(NearestNeighbourPurity(embedding, labels) > 0.98, $"purity {NearestNeighbourPurity(embedding, labels)}");
        double bandwidth = BandwidthEstimator.Estimate(embedding, 2);
        Assert.Equal(3, MeanShift.Fit(embedding, 2, bandwidth).ClusterCount);
    }

    [Fact]
    public void ExactAndBarnesHutAgreeOnTheClustersAndTheCost()
    {
        // Three equal blobs: the 0.3-quantile bandwidth stays inside a blob. (With four or more equal
        // blobs it spans neighbouring blobs and scikit-learn itself merges them.)
        var (points, _) = Blobs.Make(centers: 3, perBlob: 60, dimensions: 20, spread: 1.5, seed: 3);
        var exact = TSne.Run(points, new TSneOptions { Method = TSneMethod.Exact, Perplexity = 20 }, null, default);
        var barnesHut = TSne.Run(points, new TSneOptions { Method = TSneMethod.BarnesHut, Perplexity = 20 }, null, default);
        int Clusters(double[] y) => MeanShift.Fit(y, 2, BandwidthEstimator.Estimate(y, 2)).ClusterCount;

        Assert.Equal(3, Clusters(exact.Embedding));
        Assert.Equal(3, Clusters(barnesHut.Embedding));
        Assert.True(Math.Abs(exact.KlDivergence - barnesHut.KlDivergence) < 0.1 * exact.KlDivergence,
            $"exact KL {exact.KlDivergence}, Barnes-Hut KL {barnesHut.KlDivergence}");
    }

    [Theory]
    [InlineData(TSneInit.Pca)]
    [InlineData(TSneInit.Random)]
    public void IsDeterministicForASeedWhateverTheThreadCount(TSneInit init)
    {
        var (points, _) = ThreeBlobs;
        var options = new TSneOptions { Init = init, Seed = 5, Method = TSneMethod.BarnesHut, Iterations = 300 };
        var first = TSne.Embed(points, options with { MaxDegreeOfParallelism = 1 });
        var second = TSne.Embed(points, options with { MaxDegreeOfParallelism = 2 });
        var third = TSne.Embed(points, options);

        Assert.Equal(first, second);
        Assert.Equal(first, third);
    }

    /// <summary>
    /// Speed work on the tree and the gradient loop must not move a single bit: this is the
    /// embedding (SHA-256 of its doubles) the code gave before it was tuned, for blobs with exact
    /// duplicate rows; the PCA start at scale 1e-4 also puts many points within the quad-tree's
    /// duplicate tolerance in the first iterations, where the order of points inside a cell matters.
    /// Computed with AVX2 (the x64 machines this runs on); a machine without it sums in another order.
    /// </summary>
    [Fact]
    public void BarnesHutEmbeddingIsBitForBitTheKnownOne()
    {
        var (points, _) = Blobs.Make(centers: 3, perBlob: 100, dimensions: 16, spread: 1.0, seed: 11);
        var data = new float[(points.Rows + 20) * points.Columns];
        points.Data.CopyTo(data, 0);
        Array.Copy(points.Data, 0, data, points.Data.Length, 20 * points.Columns);
        var input = new Matrix(points.Rows + 20, points.Columns, data);

        foreach (int? workers in new int?[] { 1, null })
        {
            var embedding = TSne.Embed(input, new TSneOptions { Perplexity = 30, Seed = 5, MaxDegreeOfParallelism = workers });
            var hash = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(embedding.AsSpan())));
            Assert.Equal("13EDDDCE39715C425896CF6D15009A332067A4A28F6E885C6DF83971E30B5365", hash);
        }
    }

    [Fact]
    public void ADifferentSeedGivesADifferentRandomStart()
    {
        var (points, _) = ThreeBlobs;
        var options = new TSneOptions { Init = TSneInit.Random, Iterations = 250 };
        Assert.NotEqual(TSne.Embed(points, options with { Seed = 1 }), TSne.Embed(points, options with { Seed = 2 }));
    }

    [Theory]
    [InlineData(TSneMethod.Exact)]
    [InlineData(TSneMethod.BarnesHut)]
    public void KlDivergenceDecreasesAfterEarlyExaggeration(TSneMethod method)
    {
        var (points, _) = Blobs.Make(centers: 3, perBlob: 60, dimensions: 30, spread: 3.0, seed: 11);
        var run = TSne.Run(points, new TSneOptions { Method = method }, null, default);

        var afterExaggeration = run.Costs.Where(c => c.Iteration >= 250).Select(c => c.Cost).ToArray();
        Assert.True(afterExaggeration.Length >= 2);
        Assert.True(afterExaggeration[^1] < afterExaggeration[0], $"KL went from {afterExaggeration[0]} to {afterExaggeration[^1]}");
        Assert.True(run.KlDivergence > 0 && run.KlDivergence < afterExaggeration[0]);
        Assert.Equal(method, run.Method);
    }

    [Fact]
    public void AutoPicksExactForSmallInputsAndBarnesHutForLarge()
    {
        var small = Blobs.Make(2, 50, 5, 1, 1).Points;
        var large = Blobs.Make(2, TSne.ExactBelowSamples / 2, 5, 1, 1).Points;
        Assert.Equal(TSneMethod.Exact, TSne.Run(small, new TSneOptions { Iterations = 250 }, null, default).Method);
        Assert.Equal(TSneMethod.BarnesHut, TSne.Run(large, new TSneOptions { Iterations = 250 }, null, default).Method);
    }

    [Fact]
    public void EmbedsIntoOneAndThreeDimensions()
    {
        var (points, labels) = ThreeBlobs;
        var line = TSne.Embed(points, new TSneOptions { Components = 1, Method = TSneMethod.BarnesHut });
        var space = TSne.Embed(points, new TSneOptions { Components = 3, Method = TSneMethod.BarnesHut });

        Assert.Equal(points.Rows, line.Length);
        Assert.Equal(points.Rows * 3, space.Length);
        Assert.True(NearestNeighbourPurity(space, labels, 3) > 0.95);
        Assert.True(NearestNeighbourPurity(line, labels, 1) > 0.95);
    }

    [Fact]
    public void ReportsProgressUpToOne()
    {
        var reports = new List<double>();
        TSne.Embed(ThreeBlobs.Points, new TSneOptions { Iterations = 300 }, new SynchronousProgress(reports.Add));

        Assert.Equal(0, reports[0]);
        Assert.Equal(1, reports[^1]);
        Assert.True(reports.Count > 10);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void HonoursCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => TSne.Embed(ThreeBlobs.Points, new TSneOptions(), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void RejectsPerplexityNotBelowTheSampleCountLikeSklearn()
    {
        var points = Blobs.Make(2, 10, 4, 1, 1).Points;
        var error = Assert.Throws<ArgumentException>(() => TSne.Embed(points, new TSneOptions()));
        Assert.Contains("perplexity must be less than n_samples", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void RejectsNonFiniteFeatures(float bad)
    {
        var points = Blobs.Make(2, 40, 4, 1, 1).Points;
        points.Data[17] = bad;
        var error = Assert.Throws<ArgumentException>(() => TSne.Embed(points, new TSneOptions { Perplexity = 5 }));
        Assert.Contains("NaN or infinity", error.Message);
    }

    [Fact]
    public void RejectsBadOptions()
    {
        var points = Blobs.Make(2, 40, 4, 1, 1).Points;
        Assert.Throws<ArgumentException>(() => TSne.Embed(points, new TSneOptions { Perplexity = 5, Components = 4, Method = TSneMethod.BarnesHut }));
        Assert.Throws<ArgumentException>(() => TSne.Embed(points, new TSneOptions { Perplexity = 5, Iterations = 100 }));
        Assert.Throws<ArgumentException>(() => TSne.Embed(points, new TSneOptions { Perplexity = 0 }));
        Assert.Throws<ArgumentException>(() => TSne.Embed(points, new TSneOptions { Perplexity = 5, LearningRate = -1 }));
        Assert.Throws<ArgumentException>(() => TSne.Embed(new Matrix(1, 3), new TSneOptions { Perplexity = 0.5 }));
    }

    [Fact]
    public void ConditionalProbabilitiesHitTheRequestedPerplexity()
    {
        var random = new Random(3);
        var distances = Enumerable.Range(0, 90).Select(_ => (float)(random.NextDouble() * 50)).ToArray();
        var p = new double[distances.Length];
        PerplexitySearch.Conditional(distances, 30, p);

        double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        Assert.Equal(1.0, p.Sum(), 9);
        Assert.Equal(Math.Log(30), entropy, 4);
    }

    [Fact]
    public void SparseAffinitiesAreSymmetricAndSumToOne()
    {
        var p = SparseAffinities.Compute(ThreeBlobs.Points, 30, 2, default);
        var entries = new Dictionary<(int, int), double>();
        for (int i = 0; i < p.RowStart.Length - 1; i++)
        {
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
                entries[(i, p.Columns[e])] = p.Values[e];
        }
        Assert.Equal(1.0, entries.Values.Sum(), 9);
        foreach (var ((i, j), value) in entries)
        {
            Assert.NotEqual(i, j);
            Assert.Equal(value, entries[(j, i)], 15);
        }
    }

    [Fact]
    public void PcaStartFollowsTheLeadingComponentScaledToStd1e4()
    {
        // Points along a line in 5-D plus small noise: the first component is that line.
        var random = new Random(2);
        var data = new float[100 * 5];
        for (int i = 0; i < 100; i++)
        {
            double t = i - 50;
            for (int k = 0; k < 5; k++)
                data[i * 5 + k] = (float)(t * (k + 1) + 0.01 * random.NextDouble());
        }
        var start = PcaInitializer.Initialize(new Matrix(100, 5, data), 2, 0, 1);

        var first = Enumerable.Range(0, 100).Select(i => start[2 * i]).ToArray();
        double mean = first.Average();
        double std = Math.Sqrt(first.Sum(v => (v - mean) * (v - mean)) / first.Length);
        Assert.Equal(1e-4, std, 10);
        for (int i = 1; i < 100; i++)
            Assert.True(first[i] > first[i - 1] == first[99] > first[0]);
        Assert.True(Math.Abs(first.MaxBy(Math.Abs)) == first.Max(), "svd_flip makes the largest-magnitude score positive");
    }

    private static double NearestNeighbourPurity(double[] embedding, int[] labels, int dims = 2)
    {
        int n = labels.Length;
        int agree = 0;
        for (int i = 0; i < n; i++)
        {
            int best = -1;
            double bestDistance = double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                    continue;
                double d = 0;
                for (int k = 0; k < dims; k++)
                    d += Math.Pow(embedding[i * dims + k] - embedding[j * dims + k], 2);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = j;
                }
            }
            if (labels[best] == labels[i])
                agree++;
        }
        return (double)agree / n;
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
