namespace Aegis.Core.Embedding;

/// <summary>
/// The quad-tree (2-D; binary tree in 1-D, oct-tree in 3-D) of scikit-learn's <c>_QuadTree</c>:
/// one point per leaf, points closer than 1e-6 in every coordinate share a leaf, each cell keeps
/// its centre of mass and point count, and a cell summarises its points for a query point when
/// it is a leaf or its squared width over the squared distance is below theta².
/// Arrays are reused across iterations so the optimisation loop does not allocate. Used for 1-D and
/// 3-D embeddings; 2-D ones use the flat, float32 <see cref="PlanarTree"/>.
/// </summary>
internal sealed class SpacePartitionTree
{
    private const double DuplicateTolerance = 1e-6;

    private readonly int _dims;
    private readonly int _fanout;
    private int _count;
    private int[] _children = [];
    private double[] _barycenter = [];
    private double[] _min = [];
    private double[] _max = [];
    private double[] _squaredWidth = [];
    private int[] _size = [];
    private bool[] _leaf = [];

    public SpacePartitionTree(int dimensions)
    {
        if (dimensions is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(dimensions), "The Barnes-Hut tree supports 1 to 3 dimensions.");
        _dims = dimensions;
        _fanout = 1 << dimensions;
    }

    public int Fanout => _fanout;

    /// <summary>Rebuilds the tree over <paramref name="n"/> points stored row-major in <paramref name="points"/>.</summary>
    public void Build(ReadOnlySpan<double> points, int n)
    {
        EnsureCapacity(Math.Max(16, 2 * n));
        _count = 0;
        Span<double> low = stackalloc double[3];
        Span<double> high = stackalloc double[3];
        for (int a = 0; a < _dims; a++)
        {
            low[a] = double.PositiveInfinity;
            high[a] = double.NegativeInfinity;
        }
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < _dims; a++)
            {
                double v = points[i * _dims + a];
                if (!double.IsFinite(v))
                    throw new ArithmeticException("t-SNE diverged: the embedding contains NaN or infinite coordinates.");
                low[a] = Math.Min(low[a], v);
                high[a] = Math.Max(high[a], v);
            }
        }
        // Stretch the upper bound so every point lies strictly inside the root (as scikit-learn does).
        for (int a = 0; a < _dims; a++)
            high[a] = Math.Max(high[a] * (1.0 + 1e-3 * Math.Sign(high[a])), high[a] + 1e-3);

        int root = NewCell();
        double width = 0;
        for (int a = 0; a < _dims; a++)
        {
            _min[a] = low[a];
            _max[a] = high[a];
            width = Math.Max(width, (high[a] - low[a]) * (high[a] - low[a]));
        }
        _squaredWidth[root] = width;
        for (int i = 0; i < n; i++)
            Insert(points.Slice(i * _dims, _dims));
    }

    /// <summary>
    /// The repulsive part of the gradient at <paramref name="point"/>: adds Σ size·q²·(point − centre)
    /// over the summarising cells to <paramref name="force"/> and returns Σ size·q (the point's share
    /// of the normalisation Z), with q = (dof / (dof + d²))^((dof+1)/2).
    /// </summary>
    public double Repulsion(ReadOnlySpan<double> point, double squaredTheta, int degreesOfFreedom, Span<double> force, ref int[] stack)
    {
        double dof = degreesOfFreedom;
        double exponent = (dof + 1.0) / 2.0;
        double sumQ = 0;
        Span<double> delta = stackalloc double[3];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int cell = stack[--top];
            double d2 = 0;
            bool duplicate = true;
            for (int a = 0; a < _dims; a++)
            {
                double diff = point[a] - _barycenter[cell * _dims + a];
                delta[a] = diff;
                d2 += diff * diff;
                duplicate &= Math.Abs(diff) <= DuplicateTolerance;
            }
            bool leaf = _leaf[cell];
            if (duplicate && leaf)
                continue;
            if (leaf || _squaredWidth[cell] / d2 < squaredTheta)
            {
                double q = dof / (dof + d2);
                if (degreesOfFreedom != 1)
                    q = Math.Pow(q, exponent);
                double size = _size[cell];
                sumQ += size * q;
                double mult = size * q * q;
                for (int a = 0; a < _dims; a++)
                    force[a] += mult * delta[a];
                continue;
            }
            if (top + _fanout > stack.Length)
                Array.Resize(ref stack, stack.Length * 2);
            for (int c = _fanout - 1; c >= 0; c--)
            {
                int child = _children[cell * _fanout + c];
                if (child >= 0)
                    stack[top++] = child;
            }
        }
        return sumQ;
    }

    private void Insert(ReadOnlySpan<double> point)
    {
        Span<double> resident = stackalloc double[3];
        int cell = 0;
        while (true)
        {
            int n = _size[cell];
            if (n == 0)
            {
                _size[cell] = 1;
                point.CopyTo(_barycenter.AsSpan(cell * _dims, _dims));
                return;
            }
            if (!_leaf[cell])
            {
                for (int a = 0; a < _dims; a++)
                    _barycenter[cell * _dims + a] = (n * _barycenter[cell * _dims + a] + point[a]) / (n + 1);
                _size[cell] = n + 1;
                int slot = ChildSlot(point, cell);
                int child = _children[cell * _fanout + slot];
                if (child < 0)
                {
                    NewChild(cell, slot, point, 1);
                    return;
                }
                cell = child;
                continue;
            }
            if (IsDuplicate(point, cell))
            {
                _size[cell] = n + 1;
                return;
            }
            // Split the leaf: move its point(s) into a child, then insert again into what is now an inner cell.
            _barycenter.AsSpan(cell * _dims, _dims).CopyTo(resident);
            NewChild(cell, ChildSlot(resident[.._dims], cell), resident[.._dims], n);
        }
    }

    private int ChildSlot(ReadOnlySpan<double> point, int cell)
    {
        int slot = 0;
        for (int a = 0; a < _dims; a++)
        {
            slot *= 2;
            if (point[a] >= Center(cell, a))
                slot++;
        }
        return slot;
    }

    private void NewChild(int parent, int slot, ReadOnlySpan<double> point, int size)
    {
        int child = NewCell();
        double width = 0;
        for (int a = 0; a < _dims; a++)
        {
            double center = Center(parent, a);
            bool upper = ((slot >> (_dims - 1 - a)) & 1) == 1;
            double lo = upper ? center : _min[parent * _dims + a];
            double hi = upper ? _max[parent * _dims + a] : center;
            _min[child * _dims + a] = lo;
            _max[child * _dims + a] = hi;
            _barycenter[child * _dims + a] = point[a];
            width = Math.Max(width, (hi - lo) * (hi - lo));
        }
        _squaredWidth[child] = width;
        _size[child] = size;
        _children[parent * _fanout + slot] = child;
        _leaf[parent] = false;
    }

    private double Center(int cell, int axis) => (_min[cell * _dims + axis] + _max[cell * _dims + axis]) / 2.0;

    private bool IsDuplicate(ReadOnlySpan<double> point, int cell)
    {
        for (int a = 0; a < _dims; a++)
        {
            if (Math.Abs(point[a] - _barycenter[cell * _dims + a]) > DuplicateTolerance)
                return false;
        }
        return true;
    }

    private int NewCell()
    {
        if (_count == _size.Length)
            EnsureCapacity(_size.Length * 2);
        int cell = _count++;
        _size[cell] = 0;
        _leaf[cell] = true;
        _children.AsSpan(cell * _fanout, _fanout).Fill(-1);
        return cell;
    }

    private void EnsureCapacity(int cells)
    {
        if (_size.Length >= cells)
            return;
        Array.Resize(ref _children, cells * _fanout);
        Array.Resize(ref _barycenter, cells * _dims);
        Array.Resize(ref _min, cells * _dims);
        Array.Resize(ref _max, cells * _dims);
        Array.Resize(ref _squaredWidth, cells);
        Array.Resize(ref _size, cells);
        Array.Resize(ref _leaf, cells);
    }
}
