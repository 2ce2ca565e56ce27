using Aegis.Core.Embedding;

namespace Aegis.Core.Clustering;

/// <summary>
/// scikit-learn's <c>estimate_bandwidth</c>: the mean, over points, of the distance to the
/// k-th nearest neighbour with k = int(N · quantile) (at least 1), where a point counts as its
/// own nearest neighbour. With <c>samples</c>, a seeded random subset is used (a different
/// generator from numpy's, so the subset differs from scikit-learn's).
/// The estimate is 0 exactly when every point shares its position with at least k − 1 others —
/// features that collapse onto at most 1 / quantile positions; <see cref="MeanShift"/> then
/// clusters the coincident points.
/// </summary>
public static class BandwidthEstimator
{
    public static double Estimate(double[] points, int dimensions, double quantile = 0.3, int? samples = null, int seed = 0)
    {
        int n = PointSet.Count(points, dimensions);
        if (!(quantile >= 0 && quantile <= 1))
            throw new ArgumentException($"Quantile must be within [0, 1], got {quantile}.", nameof(quantile));
        if (samples is <= 0)
            throw new ArgumentException($"Samples must be positive, got {samples}.", nameof(samples));
        if (samples is int count && count < n)
        {
            var order = Enumerable.Range(0, n).ToArray();
            new Random(seed).Shuffle(order);
            var subset = new double[count * dimensions];
            for (int s = 0; s < count; s++)
                points.AsSpan(order[s] * dimensions, dimensions).CopyTo(subset.AsSpan(s * dimensions));
            points = subset;
            n = count;
        }
        int k = Math.Max(1, (int)(n * quantile));
        if (k > n)
            throw new ArgumentException($"quantile {quantile} asks for {k} neighbours of {n} points.", nameof(quantile));

        var kth = new double[n];
        ParallelRanges.For(n, ParallelRanges.Workers(null), (start, end) =>
        {
            var distances = new double[n];
            for (int i = start; i < end; i++)
            {
                var point = points.AsSpan(i * dimensions, dimensions);
                for (int j = 0; j < n; j++)
                    distances[j] = PointSet.SquaredDistance(point, points.AsSpan(j * dimensions, dimensions));
                kth[i] = Math.Sqrt(Select(distances, k - 1));
            }
        });
        double sum = 0;
        foreach (var d in kth)
            sum += d;
        return sum / n;
    }

    /// <summary>The value that would sit at <paramref name="rank"/> (0-based) if the array were sorted; reorders the array.</summary>
    private static double Select(double[] values, int rank)
    {
        int lo = 0;
        int hi = values.Length - 1;
        while (lo < hi)
        {
            double pivot = Median3(values[lo], values[(lo + hi) >>> 1], values[hi]);
            int i = lo;
            int j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                    i++;
                while (values[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (rank <= j)
                hi = j;
            else if (rank >= i)
                lo = i;
            else
                return values[rank];
        }
        return values[rank];
    }

    private static double Median3(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
