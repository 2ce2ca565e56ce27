namespace Aegis.Core.Embedding;

/// <summary>
/// The joint probabilities P of exact t-SNE, as scikit-learn's <c>_joint_probabilities</c>:
/// conditional probabilities over all other points, P = (P + Pᵀ) / sum, floored at machine epsilon.
/// Stored as a full symmetric N x N matrix (zero diagonal).
/// </summary>
internal static class DenseAffinities
{
    public static double[] Compute(Matrix x, double perplexity, int workers, CancellationToken cancellationToken)
    {
        int n = x.Rows;
        var distances = NearestNeighbors.AllSquaredDistances(x, workers, cancellationToken);
        var conditional = new double[n * n];
        ParallelRanges.For(n, workers, (start, end) =>
        {
            for (int i = start; i < end; i++)
                PerplexitySearch.Conditional(distances.AsSpan(i * n, n), perplexity, conditional.AsSpan(i * n, n), self: i);
        });
        var joint = new double[n * n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double p = conditional[i * n + j] + conditional[j * n + i];
                joint[i * n + j] = p;
                total += p;
            }
        }
        double scale = 1.0 / Math.Max(total, MachineEpsilon.Value);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
                joint[i * n + j] = i == j ? 0 : Math.Max(joint[i * n + j] * scale, MachineEpsilon.Value);
        }
        return joint;
    }
}
