namespace Aegis.Core.Clustering;

/// <summary>
/// scikit-learn's <c>get_bin_seeds</c>: points rounded (half to even) onto a grid of the given
/// spacing; bins holding at least the minimum count become seeds. If no two points share a bin,
/// the points themselves are the seeds.
/// </summary>
internal static class BinSeeds
{
    public static double[] From(double[] points, int dimensions, double binSize, int minFrequency)
    {
        int n = points.Length / dimensions;
        var counts = new Dictionary<BinKey, int>();
        var order = new List<BinKey>();
        for (int i = 0; i < n; i++)
        {
            var cell = new long[dimensions];
            for (int k = 0; k < dimensions; k++)
                cell[k] = (long)Math.Round(points[i * dimensions + k] / binSize, MidpointRounding.ToEven);
            var key = new BinKey(cell);
            if (counts.TryGetValue(key, out int c))
                counts[key] = c + 1;
            else
            {
                counts[key] = 1;
                order.Add(key);
            }
        }
        var chosen = order.Where(key => counts[key] >= minFrequency).ToList();
        if (chosen.Count == n)
            return points;
        var seeds = new double[chosen.Count * dimensions];
        for (int s = 0; s < chosen.Count; s++)
        {
            for (int k = 0; k < dimensions; k++)
                seeds[s * dimensions + k] = (float)chosen[s].Cell[k] * binSize;
        }
        return seeds;
    }

    private sealed class BinKey(long[] cell) : IEquatable<BinKey>
    {
        public long[] Cell { get; } = cell;

        public bool Equals(BinKey? other) => other is not null && Cell.AsSpan().SequenceEqual(other.Cell);

        public override bool Equals(object? obj) => Equals(obj as BinKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var v in Cell)
                hash.Add(v);
            return hash.ToHashCode();
        }
    }
}
