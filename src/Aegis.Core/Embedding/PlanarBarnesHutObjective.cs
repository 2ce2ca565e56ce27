using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Aegis.Core.Embedding;

/// <summary>
/// scikit-learn's <c>_kl_divergence_bh</c> for 2-D embeddings (one degree of freedom), the case a
/// scan runs: gradient = 4 · (attraction − repulsion / Z), with attraction over the sparse
/// neighbour P and repulsion from the <see cref="PlanarTree"/>. One parallel pass computes both
/// forces per point, visiting points in tree order so consecutive traversals take similar paths;
/// per-point results are combined in index order so nothing depends on the thread count.
/// The cost is only computed when asked for (scikit-learn checks it every 50 iterations).
/// </summary>
internal sealed class PlanarBarnesHutObjective : IKlObjective
{
    private const double Tiny = 1.1754943508222875e-38; // float32 smallest normal, scikit-learn's FLOAT32_TINY

    private readonly SparseAffinities _p;
    private readonly float[] _values;
    private readonly int _n;
    private readonly float _squaredTheta;
    private readonly int _workers;
    private readonly PlanarTree _tree;
    private readonly double[] _attraction;
    private readonly double[] _repulsion;
    private readonly double[] _pointQ;
    private readonly double[] _pointError;
    private readonly Action<int, int> _forces;

    public PlanarBarnesHutObjective(SparseAffinities p, int n, double angle, int workers)
    {
        _p = p;
        _values = Array.ConvertAll(p.Values, v => (float)v);
        _n = n;
        _squaredTheta = (float)(angle * angle);
        _workers = workers;
        _tree = new PlanarTree(n);
        _attraction = new double[2 * n];
        _repulsion = new double[2 * n];
        _pointQ = new double[n];
        _pointError = new double[n];
        _forces = Forces;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(double[] embedding, double[] gradient, double exaggeration, bool computeError)
    {
        _tree.Build(embedding);
        ParallelRanges.For((_n + PlanarTree.PacketSize - 1) / PlanarTree.PacketSize, _workers, _forces, minPerChunk: 4);
        double sumQ = 0;
        for (int i = 0; i < _n; i++)
            sumQ += _pointQ[i];
        double inverseSumQ = RepulsionNormaliser.Inverse(sumQ);
        for (int k = 0; k < 2 * _n; k++)
            gradient[k] = 4.0 * (exaggeration * _attraction[k] - _repulsion[k] * inverseSumQ);
        if (!computeError)
            return double.NaN;
        ParallelRanges.For(_n, _workers, (start, end) => Errors(exaggeration, inverseSumQ, start, end));
        double total = 0;
        for (int i = 0; i < _n; i++)
            total += _pointError[i];
        return total;
    }

    /// <summary>Both forces for the packets [start, end) of points in tree order, P not yet exaggerated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Forces(int start, int end)
    {
        var order = _tree.Order;
        Span<double> sumQ = stackalloc double[PlanarTree.PacketSize];
        Span<double> forceX = stackalloc double[PlanarTree.PacketSize];
        Span<double> forceY = stackalloc double[PlanarTree.PacketSize];
        for (int packet = start; packet < end; packet++)
        {
            int first = packet * PlanarTree.PacketSize;
            var points = order.Slice(first, Math.Min(PlanarTree.PacketSize, _n - first));
            _tree.Repulsion(points, _squaredTheta, sumQ, forceX, forceY);
            for (int lane = 0; lane < points.Length; lane++)
            {
                int i = points[lane];
                _pointQ[i] = sumQ[lane];
                _repulsion[2 * i] = forceX[lane];
                _repulsion[2 * i + 1] = forceY[lane];
                Attraction(i, out _attraction[2 * i], out _attraction[2 * i + 1]);
            }
        }
    }

    /// <summary>
    /// Σ p_ij · q_ij · (y_i − y_j) over row i of P in float32 as scikit-learn's
    /// <c>compute_gradient_positive</c>, eight neighbours at a time where AVX2 gathers are available.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal unsafe void Attraction(int i, out double forceX, out double forceY)
    {
        int e = _p.RowStart[i];
        int stop = _p.RowStart[i + 1];
        float xi = _tree.X[i];
        float yi = _tree.Y[i];
        float ax = 0, ay = 0;
        // Pointers skip bounds checks in the hot loop: CSR columns come from the neighbour search and are all below N.
        fixed (int* columns = _p.Columns)
        fixed (float* values = _values)
        fixed (float* xs = _tree.X)
        fixed (float* ys = _tree.Y)
        {
            if (Avx2.IsSupported && stop - e >= Vector256<float>.Count)
            {
                var x = Vector256.Create(xi);
                var y = Vector256.Create(yi);
                var sumX = Vector256<float>.Zero;
                var sumY = Vector256<float>.Zero;
                for (; e + Vector256<float>.Count <= stop; e += Vector256<float>.Count)
                {
                    var j = Avx.LoadVector256(columns + e);
                    var dx = x - Avx2.GatherVector256(xs, j, sizeof(float));
                    var dy = y - Avx2.GatherVector256(ys, j, sizeof(float));
                    var w = Avx.LoadVector256(values + e) / (Vector256<float>.One + dx * dx + dy * dy);
                    sumX += w * dx;
                    sumY += w * dy;
                }
                ax = Vector256.Sum(sumX);
                ay = Vector256.Sum(sumY);
            }
            for (; e < stop; e++)
            {
                int j = columns[e];
                float dx = xi - xs[j];
                float dy = yi - ys[j];
                float w = values[e] / (1f + dx * dx + dy * dy);
                ax += w * dx;
                ay += w * dy;
            }
        }
        forceX = ax;
        forceY = ay;
    }

    /// <summary>Each point's share of KL(P || Q), summed over its stored P entries as scikit-learn does.</summary>
    private void Errors(double exaggeration, double inverseSumQ, int start, int end)
    {
        var xs = _tree.X;
        var ys = _tree.Y;
        for (int i = start; i < end; i++)
        {
            double error = 0;
            for (int e = _p.RowStart[i]; e < _p.RowStart[i + 1]; e++)
            {
                int j = _p.Columns[e];
                float dx = xs[i] - xs[j];
                float dy = ys[i] - ys[j];
                double q = 1.0 / (1.0 + dx * dx + dy * dy);
                double pij = _p.Values[e] * exaggeration;
                error += pij * Math.Log(Math.Max(pij, Tiny) / Math.Max(q * inverseSumQ, Tiny));
            }
            _pointError[i] = error;
        }
    }
}
