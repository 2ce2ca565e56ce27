namespace Aegis.Core.Embedding;

/// <summary>
/// The joint probabilities P of Barnes-Hut t-SNE, as scikit-learn's <c>_joint_probabilities_nn</c>:
/// conditional probabilities over each point's k nearest neighbours, symmetrised as P + Pᵀ and
/// normalised to sum 1, stored as CSR rows (column indices ascending).
/// </summary>
internal sealed class SparseAffinities
{
    private SparseAffinities(int[] rowStart, int[] columns, double[] values)
    {
        RowStart = rowStart;
        Columns = columns;
        Values = values;
    }

    public int[] RowStart { get; }
    public int[] Columns { get; }
    public double[] Values { get; }

    public static SparseAffinities Compute(Matrix x, double perplexity, int workers, CancellationToken cancellationToken)
    {
        int n = x.Rows;
        int k = Math.Min(n - 1, (int)(3.0 * perplexity + 1));
        var (neighbours, distances) = NearestNeighbors.Search(x, k, workers, cancellationToken);
        var conditional = new double[n * k];
        ParallelRanges.For(n, workers, (start, end) =>
        {
            for (int i = start; i < end; i++)
                PerplexitySearch.Conditional(distances.AsSpan(i * k, k), perplexity, conditional.AsSpan(i * k, k));
        });
        return Symmetrise(n, k, neighbours, conditional);
    }

    private static SparseAffinities Symmetrise(int n, int k, int[] neighbours, double[] conditional)
    {
        // Every stored p(j|i) contributes to entry (i, j) and to entry (j, i).
        var counts = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            counts[i] += k;
            for (int e = i * k; e < i * k + k; e++)
                counts[neighbours[e]]++;
        }
        var start = new int[n + 1];
        for (int i = 0; i < n; i++)
            start[i + 1] = start[i] + counts[i];
        var fill = start[..n];
        var cols = new int[start[n]];
        var vals = new double[start[n]];
        for (int i = 0; i < n; i++)
        {
            for (int e = i * k; e < i * k + k; e++)
            {
                int j = neighbours[e];
                cols[fill[i]] = j;
                vals[fill[i]++] = conditional[e];
                cols[fill[j]] = i;
                vals[fill[j]++] = conditional[e];
            }
        }

        // Sort each row by column and merge duplicates (pairs that are neighbours both ways).
        var rowStart = new int[n + 1];
        var mergedCols = new List<int>(start[n]);
        var mergedVals = new List<double>(start[n]);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            Array.Sort(cols, vals, start[i], start[i + 1] - start[i]);
            for (int e = start[i]; e < start[i + 1]; e++)
            {
                if (mergedCols.Count > rowStart[i] && mergedCols[^1] == cols[e])
                    mergedVals[^1] += vals[e];
                else
                {
                    mergedCols.Add(cols[e]);
                    mergedVals.Add(vals[e]);
                }
                total += vals[e];
            }
            rowStart[i + 1] = mergedCols.Count;
        }
        double scale = 1.0 / Math.Max(total, MachineEpsilon.Value);
        var values = mergedVals.ToArray();
        for (int e = 0; e < values.Length; e++)
            values[e] *= scale;
        return new SparseAffinities(rowStart, mergedCols.ToArray(), values);
    }
}
