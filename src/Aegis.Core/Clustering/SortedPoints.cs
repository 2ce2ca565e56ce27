namespace Aegis.Core.Clustering;

/// <summary>
/// Points ordered by their first coordinate, so a ball query only scans the slab
/// [x₀ − r, x₀ + r] instead of every point. Points are visited in that order, which also fixes
/// the summation order of a kernel mean.
/// </summary>
internal sealed class SortedPoints
{
    private readonly double[] _points;
    private readonly double[] _first;

    public SortedPoints(double[] points, int dimensions)
    {
        Dimensions = dimensions;
        int n = points.Length / dimensions;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = new double[n];
        for (int i = 0; i < n; i++)
            keys[i] = points[i * dimensions];
        Array.Sort(keys, order);
        _first = keys;
        _points = new double[points.Length];
        for (int i = 0; i < n; i++)
            points.AsSpan(order[i] * dimensions, dimensions).CopyTo(_points.AsSpan(i * dimensions));
    }

    public int Dimensions { get; }

    /// <summary>Sums the points within distance <paramref name="radius"/> (inclusive) of <paramref name="center"/> into <paramref name="sum"/>; returns how many.</summary>
    public int SumWithin(ReadOnlySpan<double> center, double radius, Span<double> sum)
    {
        sum.Clear();
        double squaredRadius = radius * radius;
        int d = Dimensions;
        int count = 0;
        for (int i = LowerBound(center[0] - radius); i < _first.Length && _first[i] <= center[0] + radius; i++)
        {
            var point = _points.AsSpan(i * d, d);
            if (PointSet.SquaredDistance(point, center) <= squaredRadius)
            {
                for (int k = 0; k < d; k++)
                    sum[k] += point[k];
                count++;
            }
        }
        return count;
    }

    private int LowerBound(double value)
    {
        int lo = 0;
        int hi = _first.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_first[mid] < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
