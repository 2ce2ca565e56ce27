namespace Aegis.Core.Tracing.Baselines;

/// <summary>The leading principal axes of feature rows (power iteration with deflation on the covariance), for the baselines.</summary>
internal static class PrincipalAxes
{
    public static (double[] Mean, double[][] Axes) Compute(Matrix rows, int count, int seed = 0)
    {
        int d = rows.Columns;
        var mean = rows.ColumnMeans();
        var covariance = new double[d, d];
        var centred = new double[d];
        for (int r = 0; r < rows.Rows; r++)
        {
            var row = rows.Row(r);
            for (int i = 0; i < d; i++)
                centred[i] = row[i] - mean[i];
            for (int i = 0; i < d; i++)
            {
                double ci = centred[i];
                if (ci == 0)
                    continue;
                for (int j = i; j < d; j++)
                    covariance[i, j] += ci * centred[j];
            }
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                covariance[i, j] = covariance[j, i];

        var random = new Random(seed);
        var axes = new List<double[]>();
        for (int k = 0; k < Math.Min(count, d); k++)
        {
            var v = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
            for (int iteration = 0; iteration < 200; iteration++)
            {
                var next = new double[d];
                for (int i = 0; i < d; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < d; j++)
                        sum += covariance[i, j] * v[j];
                    next[i] = sum;
                }
                foreach (var axis in axes)
                {
                    double dot = Dot(next, axis);
                    for (int i = 0; i < d; i++)
                        next[i] -= dot * axis[i];
                }
                double norm = Math.Sqrt(Dot(next, next));
                if (norm == 0)
                    break;
                for (int i = 0; i < d; i++)
                    next[i] /= norm;
                bool settled = Math.Abs(Math.Abs(Dot(next, v)) - 1) < 1e-10;
                v = next;
                if (settled)
                    break;
            }
            axes.Add(v);
        }
        return (mean, axes.ToArray());
    }

    /// <summary>The rows' coordinates along the axes, after centring.</summary>
    public static double[][] Project(Matrix rows, double[] mean, double[][] axes)
    {
        var projected = new double[rows.Rows][];
        for (int r = 0; r < rows.Rows; r++)
        {
            var row = rows.Row(r);
            var coordinates = new double[axes.Length];
            for (int k = 0; k < axes.Length; k++)
                for (int i = 0; i < row.Length; i++)
                    coordinates[k] += (row[i] - mean[i]) * axes[k][i];
            projected[r] = coordinates;
        }
        return projected;
    }

    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
