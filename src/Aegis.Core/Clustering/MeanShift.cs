using Aegis.Core.Embedding;

namespace Aegis.Core.Clustering;

/// <summary>
/// Mean shift with a flat kernel, as scikit-learn 1.2's <c>MeanShift</c>: every seed climbs to the
/// mean of the points within the bandwidth until it moves less than 1e-3 · bandwidth (or
/// <see cref="MeanShiftOptions.MaxIterations"/> pass); the converged centres are ranked by how many
/// points their last kernel held (ties: larger coordinates first), a centre within the bandwidth of a
/// kept one is dropped, and every point takes the label of its nearest centre.
/// A bandwidth of 0 — what <see cref="BandwidthEstimator"/> returns when every point shares its
/// position with a large share of the others — is taken as the limit of a vanishing kernel:
/// each distinct position is a mode, so points that coincide form a cluster.
/// </summary>
public static class MeanShift
{
    private const double StopFraction = 1e-3;

    public static MeanShiftResult Fit(double[] points, int dimensions, double bandwidth, MeanShiftOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MeanShiftOptions();
        int n = PointSet.Count(points, dimensions);
        if (!(bandwidth >= 0) || !double.IsFinite(bandwidth))
            throw new ArgumentException($"Bandwidth must be a finite number of at least 0, got {bandwidth}.", nameof(bandwidth));
        if (options.MaxIterations < 0)
            throw new ArgumentException($"MaxIterations must not be negative, got {options.MaxIterations}.", nameof(options));
        if (options.MinBinFrequency < 1)
            throw new ArgumentException($"MinBinFrequency must be at least 1, got {options.MinBinFrequency}.", nameof(options));
        int workers = ParallelRanges.Workers(options.MaxDegreeOfParallelism);
        if (bandwidth == 0)
            return CoincidentPoints.Cluster(points, n, dimensions);

        var seeds = options.BinSeeding ? BinSeeds.From(points, dimensions, bandwidth, options.MinBinFrequency) : points;
        var (centers, intensities) = Climb(new SortedPoints(points, dimensions), seeds, bandwidth, options.MaxIterations, workers, cancellationToken);
        var kept = RemoveNearDuplicates(centers, intensities, dimensions, bandwidth);
        if (kept.Length == 0)
            throw new ArgumentException($"No point was within bandwidth={bandwidth} of any seed; try another seeding or a larger bandwidth.", nameof(bandwidth));

        var labels = Label(points, n, dimensions, kept, options.ClusterAll ? double.PositiveInfinity : bandwidth, workers);
        return new MeanShiftResult(labels, kept, kept.Length / dimensions);
    }

    private static (double[] Centers, int[] Intensities) Climb(SortedPoints data, double[] seeds, double bandwidth, int maxIterations, int workers, CancellationToken cancellationToken)
    {
        int d = data.Dimensions;
        int count = seeds.Length / d;
        var centers = new double[seeds.Length];
        var intensities = new int[count];
        double stop = StopFraction * bandwidth;
        ParallelRanges.For(count, workers, (start, end) =>
        {
            var mean = new double[d];
            var sum = new double[d];
            for (int s = start; s < end; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                seeds.AsSpan(s * d, d).CopyTo(mean);
                int within = 0;
                for (int iteration = 0; ; iteration++)
                {
                    within = data.SumWithin(mean, bandwidth, sum);
                    if (within == 0)
                        break;
                    double shift = 0;
                    for (int k = 0; k < d; k++)
                    {
                        double next = sum[k] / within;
                        shift += (next - mean[k]) * (next - mean[k]);
                        mean[k] = next;
                    }
                    if (Math.Sqrt(shift) < stop || iteration == maxIterations)
                        break;
                }
                mean.CopyTo(centers.AsSpan(s * d, d));
                intensities[s] = within;
            }
        }, minPerChunk: 8);
        return (centers, intensities);
    }

    /// <summary>Keeps centres in order of intensity, dropping any within the bandwidth of one already kept.</summary>
    private static double[] RemoveNearDuplicates(double[] centers, int[] intensities, int d, double bandwidth)
    {
        var order = Enumerable.Range(0, intensities.Length)
            .Where(s => intensities[s] > 0)
            .ToArray();
        Array.Sort(order, (a, b) =>
        {
            int byIntensity = intensities[b].CompareTo(intensities[a]);
            if (byIntensity != 0)
                return byIntensity;
            for (int k = 0; k < d; k++)
            {
                int byCoordinate = centers[b * d + k].CompareTo(centers[a * d + k]);
                if (byCoordinate != 0)
                    return byCoordinate;
            }
            return 0;
        });

        double squaredBandwidth = bandwidth * bandwidth;
        var kept = new List<int>();
        var suppressed = new bool[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            if (suppressed[i])
                continue;
            kept.Add(order[i]);
            var center = centers.AsSpan(order[i] * d, d);
            for (int j = i + 1; j < order.Length; j++)
            {
                if (!suppressed[j] && PointSet.SquaredDistance(center, centers.AsSpan(order[j] * d, d)) <= squaredBandwidth)
                    suppressed[j] = true;
            }
        }
        var result = new double[kept.Count * d];
        for (int c = 0; c < kept.Count; c++)
            centers.AsSpan(kept[c] * d, d).CopyTo(result.AsSpan(c * d));
        return result;
    }

    private static int[] Label(double[] points, int n, int d, double[] centers, double maxDistance, int workers)
    {
        int count = centers.Length / d;
        var labels = new int[n];
        double limit = maxDistance * maxDistance;
        ParallelRanges.For(n, workers, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var point = points.AsSpan(i * d, d);
                int best = -1;
                double bestDistance = double.PositiveInfinity;
                for (int c = 0; c < count; c++)
                {
                    double dist = PointSet.SquaredDistance(point, centers.AsSpan(c * d, d));
                    if (dist < bestDistance)
                    {
                        bestDistance = dist;
                        best = c;
                    }
                }
                labels[i] = bestDistance <= limit ? best : -1;
            }
        }, minPerChunk: 64);
        return labels;
    }
}
