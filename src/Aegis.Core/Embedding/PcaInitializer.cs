namespace Aegis.Core.Embedding;

/// <summary>
/// scikit-learn 1.2's <c>init="pca"</c>: the leading principal-component scores (randomised
/// subspace iteration with 10 extra vectors and 7 or 4 power iterations, as <c>svd_solver="randomized"</c>),
/// signs fixed so each component's largest-magnitude score is positive (<c>svd_flip</c>), then all
/// scaled so the first component has standard deviation 1e-4.
/// </summary>
internal static class PcaInitializer
{
    private const int Oversamples = 10;

    public static double[] Initialize(Matrix x, int components, int seed, int workers)
    {
        int n = x.Rows;
        int d = x.Columns;
        var centered = Center(x, workers);
        int block = Math.Min(components + Oversamples, Math.Min(n, d));
        int powerIterations = components < 0.1 * Math.Min(n, d) ? 7 : 4;

        // Basis of the row space, one length-d vector per column, started at random.
        var random = new Random(seed);
        var basis = new double[block][];
        for (int c = 0; c < block; c++)
        {
            basis[c] = new double[d];
            for (int k = 0; k < d; k++)
                basis[c][k] = Gaussian.Next(random);
        }
        var scores = NewColumns(block, n);
        Orthonormalise(basis);
        for (int iteration = 0; iteration < powerIterations; iteration++)
        {
            Project(centered, n, d, basis, scores, workers);
            ProjectBack(centered, n, d, scores, basis, workers);
            Orthonormalise(basis);
        }
        Project(centered, n, d, basis, scores, workers);

        // Rayleigh-Ritz: eigenvectors of the small Gram matrix of the scores rotate the basis onto the principal axes.
        var gram = new double[block, block];
        for (int a = 0; a < block; a++)
        {
            for (int b = a; b < block; b++)
                gram[a, b] = gram[b, a] = VectorMath.Dot(scores[a], scores[b]);
        }
        var (values, vectors) = SymmetricEigen.Decompose(gram);
        var order = Enumerable.Range(0, block).OrderByDescending(i => values[i]).ToArray();

        var embedding = new double[n * components];
        for (int c = 0; c < components; c++)
        {
            int e = order[Math.Min(c, block - 1)];
            double largest = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int b = 0; b < block; b++)
                    s += scores[b][i] * vectors[b, e];
                embedding[i * components + c] = c < block ? s : 0;
                if (Math.Abs(s) > Math.Abs(largest))
                    largest = s;
            }
            if (largest < 0)
            {
                for (int i = 0; i < n; i++)
                    embedding[i * components + c] = -embedding[i * components + c];
            }
        }

        double std = StandardDeviation(embedding, n, components, 0);
        if (std > 0)
        {
            double scale = 1e-4 / std;
            for (int k = 0; k < embedding.Length; k++)
                embedding[k] *= scale;
        }
        return embedding;
    }

    private static double[] Center(Matrix x, int workers)
    {
        int n = x.Rows;
        int d = x.Columns;
        var mean = x.ColumnMeans();
        var centered = new double[(long)n * d];
        ParallelRanges.For(n, workers, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = x.Row(i);
                for (int k = 0; k < d; k++)
                    centered[(long)i * d + k] = row[k] - mean[k];
            }
        });
        return centered;
    }

    private static double[][] NewColumns(int count, int length)
    {
        var columns = new double[count][];
        for (int c = 0; c < count; c++)
            columns[c] = new double[length];
        return columns;
    }

    /// <summary>scores[c][i] = row i · basis[c].</summary>
    private static void Project(double[] centered, int n, int d, double[][] basis, double[][] scores, int workers)
    {
        ParallelRanges.For(n, workers, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = centered.AsSpan(i * d, d);
                for (int c = 0; c < basis.Length; c++)
                    scores[c][i] = VectorMath.Dot(row, basis[c]);
            }
        });
    }

    /// <summary>basis[c] = Σᵢ scores[c][i] · row i.</summary>
    private static void ProjectBack(double[] centered, int n, int d, double[][] scores, double[][] basis, int workers)
    {
        ParallelRanges.For(basis.Length, workers, (start, end) =>
        {
            for (int c = start; c < end; c++)
            {
                Array.Clear(basis[c]);
                for (int i = 0; i < n; i++)
                    VectorMath.AddScaled(basis[c], centered.AsSpan(i * d, d), scores[c][i]);
            }
        }, minPerChunk: 1);
    }

    /// <summary>Modified Gram-Schmidt; a vector that vanishes is replaced by zeros (rank-deficient data).</summary>
    private static void Orthonormalise(double[][] vectors)
    {
        for (int c = 0; c < vectors.Length; c++)
        {
            for (int p = 0; p < c; p++)
                VectorMath.AddScaled(vectors[c], vectors[p], -VectorMath.Dot(vectors[c], vectors[p]));
            double norm = Math.Sqrt(VectorMath.Dot(vectors[c], vectors[c]));
            if (norm > 1e-300)
            {
                for (int k = 0; k < vectors[c].Length; k++)
                    vectors[c][k] /= norm;
            }
            else
                Array.Clear(vectors[c]);
        }
    }

    private static double StandardDeviation(double[] values, int rows, int stride, int column)
    {
        double mean = 0;
        for (int i = 0; i < rows; i++)
            mean += values[i * stride + column];
        mean /= rows;
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            double v = values[i * stride + column] - mean;
            sum += v * v;
        }
        return Math.Sqrt(sum / rows);
    }
}
