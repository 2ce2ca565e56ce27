namespace Aegis.Core.Clustering;

/// <summary>
/// Mean shift in the limit of a zero bandwidth: every distinct position is its own mode. Ranked
/// like <see cref="MeanShift"/>'s centres — most points first, ties by larger coordinates first —
/// so labels are deterministic.
/// </summary>
internal static class CoincidentPoints
{
    public static MeanShiftResult Cluster(double[] points, int n, int dimensions)
    {
        var groups = new Dictionary<Position, List<int>>();
        for (int i = 0; i < n; i++)
        {
            var key = new Position(points, i * dimensions, dimensions);
            if (!groups.TryGetValue(key, out var members))
                groups[key] = members = [];
            members.Add(i);
        }
        var ranked = groups.OrderByDescending(g => g.Value.Count)
            .ThenByDescending(g => g.Key, Comparer<Position>.Create((a, b) => a.CompareTo(b)))
            .ToArray();
        var labels = new int[n];
        var centers = new double[ranked.Length * dimensions];
        for (int c = 0; c < ranked.Length; c++)
        {
            ranked[c].Key.Values.CopyTo(centers.AsSpan(c * dimensions));
            foreach (int i in ranked[c].Value)
                labels[i] = c;
        }
        return new MeanShiftResult(labels, centers, ranked.Length);
    }

    /// <summary>One point's coordinates as a dictionary key (exact equality; -0 equals 0).</summary>
    private readonly struct Position(double[] points, int start, int length) : IEquatable<Position>
    {
        public ReadOnlySpan<double> Values => points.AsSpan(start, length);

        public bool Equals(Position other)
        {
            var a = Values;
            var b = other.Values;
            for (int k = 0; k < a.Length; k++)
            {
                if (a[k] != b[k])
                    return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is Position other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var v in Values)
                hash.Add(v == 0 ? 0.0 : v);
            return hash.ToHashCode();
        }

        public int CompareTo(Position other)
        {
            var a = Values;
            var b = other.Values;
            for (int k = 0; k < a.Length; k++)
            {
                int order = a[k].CompareTo(b[k]);
                if (order != 0)
                    return order;
            }
            return 0;
        }
    }
}
