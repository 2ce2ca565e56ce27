namespace Aegis.Core.Tracing.Baselines;

/// <summary>
/// Activation clustering (Chen et al., 2018), the other data-side baseline: a class's features reduced to
/// their first 10 principal components (the paper uses ICA), split in two by k-means; the smaller cluster
/// is taken for the poison. As a ranking score, each row's distance to the larger cluster's centre minus
/// its distance to the smaller one's (higher = more like the smaller cluster).
/// </summary>
public static class ActivationClustering
{
    public const int Components = 10;

    public static double[] Scores(Matrix features, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rows < 2)
            return new double[features.Rows];
        var (mean, axes) = PrincipalAxes.Compute(features, Components, seed);
        var points = PrincipalAxes.Project(features, mean, axes);
        var (a, b, assignment) = TwoMeans(points);
        int inA = assignment.Count(x => x == 0);
        var (small, large) = inA <= points.Length - inA ? (a, b) : (b, a);
        return points.Select(p => Distance(p, large) - Distance(p, small)).ToArray();
    }

    /// <summary>k-means with k = 2, started from the point farthest from the mean and the point farthest from that one.</summary>
    private static (double[] A, double[] B, int[] Assignment) TwoMeans(double[][] points)
    {
        int dims = points[0].Length;
        var centre = new double[dims];
        var first = points.MaxBy(p => Distance(p, centre))!;
        var second = points.MaxBy(p => Distance(p, first))!;
        double[] a = (double[])first.Clone(), b = (double[])second.Clone();
        var assignment = new int[points.Length];
        for (int iteration = 0; iteration < 100; iteration++)
        {
            bool changed = false;
            for (int i = 0; i < points.Length; i++)
            {
                int cluster = Distance(points[i], a) <= Distance(points[i], b) ? 0 : 1;
                changed |= cluster != assignment[i] || iteration == 0;
                assignment[i] = cluster;
            }
            if (!changed)
                break;
            a = Mean(points, assignment, 0) ?? a;
            b = Mean(points, assignment, 1) ?? b;
        }
        return (a, b, assignment);
    }

    private static double[]? Mean(double[][] points, int[] assignment, int cluster)
    {
        var members = points.Where((_, i) => assignment[i] == cluster).ToArray();
        if (members.Length == 0)
            return null;
        return Enumerable.Range(0, members[0].Length).Select(d => members.Average(p => p[d])).ToArray();
    }

    private static double Distance(double[] p, double[] q)
    {
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
            sum += (p[i] - q[i]) * (p[i] - q[i]);
        return Math.Sqrt(sum);
    }
}
