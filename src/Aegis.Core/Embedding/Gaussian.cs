namespace Aegis.Core.Embedding;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box-Muller).</summary>
internal static class Gaussian
{
    public static double Next(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
