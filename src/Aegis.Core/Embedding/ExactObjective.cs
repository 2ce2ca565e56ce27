namespace Aegis.Core.Embedding;

/// <summary>
/// scikit-learn's <c>_kl_divergence</c>: Student-t Q over all pairs (floored at machine epsilon),
/// cost Σ P log(P/Q) over all ordered pairs, gradient 2(dof+1)/dof · Σⱼ (Pᵢⱼ − Qᵢⱼ)·wᵢⱼ·(yᵢ − yⱼ).
/// </summary>
internal sealed class ExactObjective : IKlObjective
{
    private readonly double[] _p;
    private readonly int _n;
    private readonly int _dims;
    private readonly int _dof;
    private readonly int _workers;
    private readonly double[] _rowWeight;
    private readonly double[] _rowError;

    public ExactObjective(double[] p, int n, int dimensions, int degreesOfFreedom, int workers)
    {
        _p = p;
        _n = n;
        _dims = dimensions;
        _dof = degreesOfFreedom;
        _workers = workers;
        _rowWeight = new double[n];
        _rowError = new double[n];
    }

    public double Evaluate(double[] embedding, double[] gradient, double exaggeration, bool computeError)
    {
        ParallelRanges.For(_n, _workers, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                double sum = 0;
                for (int j = 0; j < _n; j++)
                {
                    if (j != i)
                        sum += Weight(embedding, i, j);
                }
                _rowWeight[i] = sum;
            }
        });
        double z = 0;
        for (int i = 0; i < _n; i++)
            z += _rowWeight[i];

        double scale = 2.0 * (_dof + 1.0) / _dof;
        ParallelRanges.For(_n, _workers, (start, end) =>
        {
            Span<double> g = stackalloc double[_dims];
            for (int i = start; i < end; i++)
            {
                g.Clear();
                double error = 0;
                for (int j = 0; j < _n; j++)
                {
                    if (j == i)
                        continue;
                    double w = Weight(embedding, i, j);
                    double q = Math.Max(w / z, MachineEpsilon.Value);
                    double p = _p[i * _n + j] * exaggeration;
                    if (computeError)
                        error += p * Math.Log(Math.Max(p, MachineEpsilon.Value) / q);
                    double pq = (p - q) * w;
                    for (int a = 0; a < _dims; a++)
                        g[a] += pq * (embedding[i * _dims + a] - embedding[j * _dims + a]);
                }
                _rowError[i] = error;
                for (int a = 0; a < _dims; a++)
                    gradient[i * _dims + a] = scale * g[a];
            }
        });
        if (!computeError)
            return double.NaN;
        double total = 0;
        for (int i = 0; i < _n; i++)
            total += _rowError[i];
        return total;
    }

    private double Weight(double[] y, int i, int j)
    {
        double d2 = 0;
        for (int a = 0; a < _dims; a++)
        {
            double d = y[i * _dims + a] - y[j * _dims + a];
            d2 += d * d;
        }
        double w = 1.0 + d2 / _dof;
        return _dof == 1 ? 1.0 / w : Math.Pow(w, (_dof + 1.0) / -2.0);
    }
}
