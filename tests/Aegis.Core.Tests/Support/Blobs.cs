
namespace Aegis.Core.Tests.Support;

/// <summary>Seeded isotropic Gaussian blobs (like scikit-learn's make_blobs) for tests.</summary>
internal static class Blobs
{
    /// <summary><paramref name="perBlob"/> points around each of <paramref name="centers"/> random centres in a ±<paramref name="box"/> box.</summary>
    public static (Matrix Points, int[] Labels) Make(int centers, int perBlob, int dimensions, double spread, int seed, double box = 10)
    {
        var random = new Random(seed);
        var middles = new double[centers, dimensions];
        for (int c = 0; c < centers; c++)
        {
            for (int k = 0; k < dimensions; k++)
                middles[c, k] = (random.NextDouble() * 2 - 1) * box;
        }
        var data = new float[centers * perBlob * dimensions];
        var labels = new int[centers * perBlob];
        for (int i = 0; i < labels.Length; i++)
        {
            int c = i % centers;
            labels[i] = c;
            for (int k = 0; k < dimensions; k++)
                data[i * dimensions + k] = (float)(middles[c, k] + spread * Normal(random));
        }
        return (new Matrix(labels.Length, dimensions, data), labels);
    }

    public static double[] ToDoubles(Matrix m) => Array.ConvertAll(m.Data, v => (double)v);

    private static double Normal(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
