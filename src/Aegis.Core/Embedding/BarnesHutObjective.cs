using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aegis.Core.Embedding;

/// <summary>
/// scikit-learn's <c>_kl_divergence_bh</c>: attraction over the sparse neighbour P, repulsion from
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
        bool planar = _dims == 2 && _dof == 1;
        if (planar)
            _tree.Pack2D();
        ParallelRanges.For(_n, _workers, (start, end) =>
        {
            var stack = new int[64 * _tree.Fanout];
            for (int i = start; i < end; i++)
            {
                if (planar)
                {
                    _pointQ[i] = _tree.Repulsion2D(embedding[2 * i], embedding[2 * i + 1], _squaredTheta, out _repulsion[2 * i], out _repulsion[2 * i + 1], ref stack);
                    continue;
                }
                var force = _repulsion.AsSpan(i * _dims, _dims);
                force.Clear();
                _pointQ[i] = _tree.Repulsion(embedding.AsSpan(i * _dims, _dims), _squaredTheta, _dof, force, ref stack);
            }
        });
        double sumQ = 0;
        for (int i = 0; i < _n; i++)
            sumQ += _pointQ[i];

        if (planar)
        {
            ParallelRanges.For(_n, _workers, (start, end) => Attraction2D(embedding, gradient, exaggeration, computeError, sumQ, start, end));
            return computeError ? SumErrors() : double.NaN;
        }

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
                        error += pij * Math.Log(Math.Max(pij, Tiny) / Math.Max(q / sumQ, Tiny));
                    double w = pij * q;
                    for (int a = 0; a < _dims; a++)
                        attraction[a] += w * delta[a];
                }
                _pointError[i] = error;
                for (int a = 0; a < _dims; a++)
                    gradient[i * _dims + a] = scale * (attraction[a] - _repulsion[i * _dims + a] / sumQ);
            }
        });
        return computeError ? SumErrors() : double.NaN;
    }

    /// <summary>The attraction loop for 2-D embeddings with one degree of freedom, kept free of inner loops over axes.</summary>
    private void Attraction2D(double[] embedding, double[] gradient, double exaggeration, bool computeError, double sumQ, int start, int end)
    {
        // Bounds checks are skipped in the hot loop: CSR columns come from the neighbour search and are all below N.
        ref int rowStart = ref MemoryMarshal.GetArrayDataReference(_p.RowStart);
        ref int columns = ref MemoryMarshal.GetArrayDataReference(_p.Columns);
        ref double values = ref MemoryMarshal.GetArrayDataReference(_p.Values);
        ref double y = ref MemoryMarshal.GetArrayDataReference(embedding);
        double inverseSumQ = 1.0 / sumQ;
        for (int i = start; i < end; i++)
        {
            double xi = Unsafe.Add(ref y, 2 * i);
            double yi = Unsafe.Add(ref y, 2 * i + 1);
            double ax = 0, ay = 0, error = 0;
            int stop = Unsafe.Add(ref rowStart, i + 1);
            for (int e = Unsafe.Add(ref rowStart, i); e < stop; e++)
            {
                int j = Unsafe.Add(ref columns, e);
                double dx = xi - Unsafe.Add(ref y, 2 * j);
                double dy = yi - Unsafe.Add(ref y, 2 * j + 1);
                double q = 1.0 / (1.0 + dx * dx + dy * dy);
                double pij = Unsafe.Add(ref values, e) * exaggeration;
                if (computeError)
                    error += pij * Math.Log(Math.Max(pij, Tiny) / Math.Max(q * inverseSumQ, Tiny));
                double w = pij * q;
                ax += w * dx;
                ay += w * dy;
            }
            _pointError[i] = error;
            gradient[2 * i] = 4.0 * (ax - _repulsion[2 * i] * inverseSumQ);
            gradient[2 * i + 1] = 4.0 * (ay - _repulsion[2 * i + 1] * inverseSumQ);
        }
    }

    private double SumErrors()
    {
        double total = 0;
        for (int i = 0; i < _n; i++)
            total += _pointError[i];
        return total;
    }
}
