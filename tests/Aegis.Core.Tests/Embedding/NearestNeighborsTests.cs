using Aegis.Core.Embedding;

namespace Aegis.Core.Tests.Embedding;

public class NearestNeighborsTests
{
    [Theory]
    [InlineData(37, 5, 20)]
    [InlineData(120, 130, 15)]
    [InlineData(60, 3, 59)]
    public void FindsTheNearestRowsNearestFirstWithTiesToTheLowerIndex(int rows, int columns, int k)
    {
        // Coarse integer coordinates make many exactly equal distances.
        var random = new Random(rows + columns);
        var data = new float[rows * columns];
        for (int e = 0; e < data.Length; e++)
            data[e] = random.Next(3);
        var x = new Matrix(rows, columns, data);

        var (indices, distances) = NearestNeighbors.Search(x, k, workers: 2, default);

        for (int i = 0; i < rows; i++)
        {
            var expected = Enumerable.Range(0, rows).Where(j => j != i)
                .Select(j => (Distance: VectorMath.SquaredDistance(x.Row(i), x.Row(j)), Index: j))
                .OrderBy(p => p.Distance).ThenBy(p => p.Index).Take(k).ToArray();
            Assert.Equal(expected.Select(p => p.Index), indices.Skip(i * k).Take(k));
            Assert.Equal(expected.Select(p => p.Distance), distances.Skip(i * k).Take(k));
        }
    }

    [Fact]
    public void FourRowDistancesMatchOneRowDistances()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 77).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var four = new float[4];

        VectorMath.SquaredDistances4(rows[0], rows[1], rows[2], rows[3], rows[4], four);

        for (int r = 0; r < 4; r++)
            Assert.Equal(VectorMath.SquaredDistance(rows[r], rows[4]), four[r]);
    }
}
