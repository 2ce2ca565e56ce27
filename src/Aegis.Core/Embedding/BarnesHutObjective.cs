namespace Aegis.Core.Embedding;

/// <summary>
/// scikit-learn's <c>_kl_divergence_bh</c> in any dimension (1-D and 3-D embeddings; 2-D ones use
/// the faster <see cref="PlanarBarnesHutObjective"/>): attraction over the sparse neighbour P, repulsion from
/// the space-partitioning tree, gradient = 2(dof+1)/dof · (attraction − repulsion / Z). The cost is
/// summed over the stored P entries only, as scikit-learn reports it. Per-point partial sums are
/// added in index order so the result does not depend on the thread count.
/// </summary>
internal sealed class BarnesHutObjective : IKlObjective
{
    private const double Tiny = 1.1754943508222875e-38; // float32 smallest normal, scikit-learn's FLOAT32_TINY

    private readonly SparseAffinities _p;
    private readonly int _n;
    private readonly int _dims;
    private readonly int _dof;
    private readonly double _squaredTheta;
    private readonly int _workers;
    private readonly SpacePartitionTree _tree;
    private readonly double[] _repulsion;
    private readonly double[] _pointQ;
    private readonly double[] _pointError;

    public BarnesHutObjective(SparseAffinities p, int n, int dimensions, int degreesOfFreedom, double angle, int workers)
    {
        _p = p;
        _n = n;
        _dims = dimensions;
        _dof = degreesOfFreedom;
        _squaredTheta = angle * angle;
        _workers = workers;
        _tree = new SpacePartitionTree(dimensions);
        _repulsion = new double[n * dimensions];
        _pointQ = new double[n];
        _pointError = new double[n];
    }

    public double Evaluate(double[] embedding, double[] gradient, double exaggeration, bool computeError)
    {
        _tree.Build(embedding, _n);
        ParallelRanges.For(_n, _workers, (start, end) =>
        {
            var stack = new int[64 * _tree.Fanout];
            for (int i = start; i < end; i++)
            {
                var force = _repulsion.AsSpan(i * _dims, _dims);
                force.Clear();
                _pointQ[i] = _tree.Repulsion(embedding.AsSpan(i * _dims, _dims), _squaredTheta, _dof, force, ref stack);
            }
        });
        double sumQ = 0;
        for (int i = 0; i < _n; i++)
            sumQ += _pointQ[i];
        double inverseSumQ = RepulsionNormaliser.Inverse(sumQ);

        double dof = _dof;
        double exponent = (dof + 1.0) / 2.0;
        double scale = 2.0 * (dof + 1.0) / dof;
        ParallelRanges.For(_n, _workers, (start, end) =>
        {
            Span<double> attraction = stackalloc double[3];
            Span<double> delta = stackalloc double[3];
            for (int i = start; i < end; i++)
            {
                attraction.Clear();
                double error = 0;
                for (int e = _p.RowStart[i]; e < _p.RowStart[i + 1]; e++)
                {
                    int j = _p.Columns[e];
                    double pij = _p.Values[e] * exaggeration;
                    double d2 = 0;
                    for (int a = 0; a < _dims; a++)
                    {
                        delta[a] = embedding[i * _dims + a] - embedding[j * _dims + a];
                        d2 += delta[a] * delta[a];
                    }
                    double q = dof / (dof + d2);
                    if (_dof != 1)
                        q = Math.Pow(q, exponent);
                    if (computeError)
                        error += pij * Math.Log(Math.Max(pij, Tiny) / Math.Max(q * inverseSumQ, Tiny));
                    double w = pij * q;
                    for (int a = 0; a < _dims; a++)
                        attraction[a] += w * delta[a];
                }
                _pointError[i] = error;
                for (int a = 0; a < _dims; a++)
                    gradient[i * _dims + a] = scale * (attraction[a] - _repulsion[i * _dims + a] * inverseSumQ);
            }
        });
        return computeError ? SumErrors() : double.NaN;
    }

    private double SumErrors()
    {
        double total = 0;
        for (int i = 0; i < _n; i++)
            total += _pointError[i];
        return total;
    }
}
