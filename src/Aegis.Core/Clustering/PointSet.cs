namespace Aegis.Core.Clustering;

/// <summary>Checks a flat row-major point array and its dimension count.</summary>
internal static class PointSet
{
    public static int Count(double[] points, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (dimensions < 1)
            throw new ArgumentException($"Dimensions must be at least 1, got {dimensions}.", nameof(dimensions));
        if (points.Length % dimensions != 0)
            throw new ArgumentException($"{points.Length} values are not a whole number of {dimensions}-D points.", nameof(points));
        if (points.Length == 0)
            throw new ArgumentException("No points given.", nameof(points));
        foreach (var v in points)
        {
            if (!double.IsFinite(v))
                throw new ArgumentException("Points contain NaN or infinity.", nameof(points));
        }
        return points.Length / dimensions;
    }

    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }
}
