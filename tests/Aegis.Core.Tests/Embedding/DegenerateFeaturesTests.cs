using Aegis.Core.Clustering;
using Aegis.Core.Embedding;
using Aegis.Core.Tests.Support;

namespace Aegis.Core.Tests.Embedding;

/// <summary>
/// Finite but degenerate features — rows collapsing onto a few points, exact duplicates, zero
/// variance, extreme magnitudes — as a model with dead or saturated penultimate units exports them.
/// Each must embed and cluster; before these fixes several made t-SNE return NaN.
/// </summary>
public class DegenerateFeaturesTests
{
    private const int Columns = 32;

    [Theory]
    [InlineData(1, 300)]
    [InlineData(2, 300)]
    [InlineData(3, 300)]
    [InlineData(3, 60)]
    public void RowsCollapsingOntoAFewPointsGiveOneClusterPerPoint(int distinct, int rows)
    {
        var (features, source) = Repeated(distinct, rows, seed: distinct);

        var (embedding, bandwidth, clusters) = EmbedAndCluster(features);

        Assert.All(embedding, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(0, bandwidth);
        Assert.Equal(distinct, clusters.ClusterCount);
        for (int d = 0; d < distinct; d++)
            Assert.Single(clusters.Labels.Where((_, i) => source[i] == d).Distinct());
    }

    [Fact]
    public void AnAllZeroMatrixIsOneCluster()
    {
        var (embedding, bandwidth, clusters) = EmbedAndCluster(new Matrix(250, Columns));

        Assert.All(embedding, v => Assert.Equal(0, v));
        Assert.Equal(0, bandwidth);
        Assert.Equal(1, clusters.ClusterCount);
    }

    [Fact]
    public void MostlyZeroRowsWithAFewActiveOnesEmbed()
    {
        // The case that diverged: a zero row's neighbours are all at distance 0, an active row's
        // nearest neighbours are all zero rows, so at one and the same distance.
        var random = new Random(4);
        var data = new float[400 * Columns];
        for (int i = 0; i < 400; i += 10)
        {
            for (int k = 0; k < Columns; k++)
                data[i * Columns + k] = (float)Math.Max(0, random.NextDouble() * 2 - 1);
        }

        var (embedding, bandwidth, clusters) = EmbedAndCluster(new Matrix(400, Columns, data));

        Assert.All(embedding, v => Assert.True(double.IsFinite(v)));
        Assert.True(bandwidth >= 0);
        Assert.InRange(clusters.ClusterCount, 1, 400);
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-3)]
    public void NearDuplicatesOfThreePointsGiveThreeClusters(double noise)
    {
        var (features, source) = Repeated(3, 300, seed: 8);
        var random = new Random(9);
        for (int k = 0; k < features.Data.Length; k++)
            features.Data[k] += (float)(noise * (random.NextDouble() - 0.5));

        var (_, bandwidth, clusters) = EmbedAndCluster(features);

        Assert.True(bandwidth > 0);
        Assert.Equal(3, clusters.ClusterCount);
        for (int d = 0; d < 3; d++)
            Assert.Single(clusters.Labels.Where((_, i) => source[i] == d).Distinct());
    }

    [Theory]
    [InlineData(1e20)]
    [InlineData(1e-20)]
    public void FeaturesOfExtremeMagnitudeClusterLikeOrdinaryOnes(double scale)
    {
        var (points, labels) = Blobs.Make(centers: 3, perBlob: 80, dimensions: Columns, spread: 1.0, seed: 6);
        var scaled = new Matrix(points.Rows, points.Columns, Array.ConvertAll(points.Data, v => (float)(v * scale)));

        var (embedding, _, clusters) = EmbedAndCluster(scaled);

        Assert.All(embedding, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(3, clusters.ClusterCount);
        for (int c = 0; c < 3; c++)
            Assert.Single(clusters.Labels.Where((_, i) => labels[i] == c).Distinct());
    }

    [Fact]
    public void ConstantColumnsChangeNothing()
    {
        var (points, _) = Blobs.Make(centers: 3, perBlob: 80, dimensions: 8, spread: 1.0, seed: 2);
        var padded = new float[points.Rows * 40];
        for (int i = 0; i < points.Rows; i++)
        {
            points.Row(i).CopyTo(padded.AsSpan(i * 40));
            padded.AsSpan(i * 40 + 8, 32).Fill(7f);
        }
        var options = new TSneOptions { Seed = 3 };

        var plain = TSne.Embed(points, options);
        var withConstants = TSne.Embed(new Matrix(points.Rows, 40, padded), options);

        // Distances are identical, so is P; only the PCA start may differ in rounding.
        Assert.Equal(Clusters(plain), Clusters(withConstants));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(17.789406f)]
    [InlineData(1e4f)]
    public void EquallyDistantNeighboursGetEqualProbabilityAtAnyDistance(float distance)
    {
        // No precision reaches perplexity 30 over 91 equal distances; the answer is uniform.
        var distances = Enumerable.Repeat(distance, 91).ToArray();
        var p = new double[91];
        PerplexitySearch.Conditional(distances, 30, p);

        Assert.All(p, v => Assert.Equal(1.0 / 91, v, 12));
    }

    [Fact]
    public void FarNeighboursDoNotUnderflowTheSearch()
    {
        // Nearest neighbours far away at a tiny spread: raw exponentials would all underflow.
        var distances = Enumerable.Range(0, 91).Select(j => 5000f + j * 0.01f).ToArray();
        var p = new double[91];
        PerplexitySearch.Conditional(distances, 30, p);

        double entropy = -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        Assert.Equal(1.0, p.Sum(), 9);
        Assert.Equal(Math.Log(30), entropy, 4);
    }

    private static (double[] Embedding, double Bandwidth, MeanShiftResult Clusters) EmbedAndCluster(Matrix features)
    {
        var embedding = TSne.Embed(features, new TSneOptions { Seed = 1 });
        double bandwidth = BandwidthEstimator.Estimate(embedding, 2);
        return (embedding, bandwidth, MeanShift.Fit(embedding, 2, bandwidth));
    }

    private static int Clusters(double[] embedding) => MeanShift.Fit(embedding, 2, BandwidthEstimator.Estimate(embedding, 2)).ClusterCount;

    /// <summary><paramref name="rows"/> rows cycling through <paramref name="distinct"/> random vectors; returns which vector each row is.</summary>
    private static (Matrix Features, int[] Source) Repeated(int distinct, int rows, int seed)
    {
        var random = new Random(seed);
        var vectors = Enumerable.Range(0, distinct)
            .Select(_ => Enumerable.Range(0, Columns).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
        var data = new float[rows * Columns];
        var source = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            source[i] = i % distinct;
            vectors[source[i]].CopyTo(data, i * Columns);
        }
        return (new Matrix(rows, Columns, data), source);
    }
}
