using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aegis.Core.Embedding;

/// <summary>
/// The 2-D quad-tree of scikit-learn's <c>_QuadTree</c> for the case t-SNE spends its time in:
/// the same cells (root box stretched past the largest coordinate, halved per level, one point per
/// leaf, points within 1e-6 in both coordinates sharing a leaf), built top-down by partitioning the
/// points in place and laid out depth-first, each cell knowing where its subtree ends. A query
/// then walks the array forwards without a stack, jumping over every subtree it summarises.
/// Positions, centres and widths are float32 as in scikit-learn; the sums are double.
/// Arrays are reused across iterations so the optimisation loop does not allocate.
/// </summary>
internal sealed class PlanarTree
{
    private const float DuplicateTolerance = 1e-6f;

    private readonly float[] _x;
    private readonly float[] _y;
    private readonly int[] _order;
    private Cell[] _cells;
    private int _count;

    public PlanarTree(int points)
    {
        _x = new float[points];
        _y = new float[points];
        _order = new int[points];
        _cells = new Cell[Math.Max(16, 4 * points)];
    }

    /// <summary>The point indices in depth-first leaf order: neighbouring entries are neighbours in the plane.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>The float32 x coordinates the tree was built from.</summary>
    public float[] X => _x;

    /// <summary>The float32 y coordinates the tree was built from.</summary>
    public float[] Y => _y;

    /// <summary>Rebuilds the tree over the points stored as (x, y) pairs in <paramref name="points"/>.</summary>
    public void Build(ReadOnlySpan<double> points)
    {
        int n = _order.Length;
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity;
        double minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            float x = (float)points[2 * i];
            float y = (float)points[2 * i + 1];
            if (!float.IsFinite(x) || !float.IsFinite(y))
                throw new InvalidOperationException("t-SNE diverged: the embedding contains NaN or infinite coordinates.");
            _x[i] = x;
            _y[i] = y;
            _order[i] = i;
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        }
        _count = 0;
        // Boxes are split in double so that any two float32 points farther apart than the duplicate tolerance end up in different leaves.
        AddCell(0, n, minX, Stretch(maxX), minY, Stretch(maxY));
    }

    /// <summary>
    /// The repulsion at point <paramref name="self"/>: returns Σ size·q over the summarising cells
    /// (the point's share of the normalisation Z) and the force Σ size·q²·(point − centre),
    /// with q = 1 / (1 + d²) and a cell summarising when it is a leaf or width² / d² &lt; theta².
    /// </summary>
    public double Repulsion(int self, float squaredTheta, out double forceX, out double forceY)
    {
        ref Cell cells = ref MemoryMarshal.GetArrayDataReference(_cells);
        float x = _x[self];
        float y = _y[self];
        double sumQ = 0, fx = 0, fy = 0;
        int count = _count;
        int c = 0;
        while (c < count)
        {
            ref Cell cell = ref Unsafe.Add(ref cells, c);
            float dx = x - cell.X;
            float dy = y - cell.Y;
            float d2 = dx * dx + dy * dy;
            int next = cell.Next;
            if (next == c + 1)
            {
                // A leaf holding this point (or its duplicates) adds nothing.
                if (Math.Abs(dx) <= DuplicateTolerance && Math.Abs(dy) <= DuplicateTolerance)
                {
                    c = next;
                    continue;
                }
            }
            else if (!(cell.SquaredWidth < squaredTheta * d2))
            {
                c++;
                continue;
            }
            double q = 1.0 / (1.0 + d2);
            double sizeQ = cell.Size * q;
            sumQ += sizeQ;
            double mult = sizeQ * q;
            fx += mult * dx;
            fy += mult * dy;
            c = next;
        }
        forceX = fx;
        forceY = fy;
        return sumQ;
    }

    private static double Stretch(double high) => Math.Max(high * (1.0 + 1e-3 * Math.Sign(high)), high + 1e-3);

    /// <summary>Adds the cell for the points order[start..end) inside the given box, then its subtree.</summary>
    private void AddCell(int start, int end, double x0, double x1, double y0, double y1)
    {
        int cell = _count++;
        if (cell == _cells.Length)
            Array.Resize(ref _cells, 2 * _cells.Length);
        int size = end - start;
        double sumX = 0, sumY = 0;
        int first = _order[start];
        bool duplicates = true;
        for (int k = start; k < end; k++)
        {
            int p = _order[k];
            sumX += _x[p];
            sumY += _y[p];
            duplicates &= Math.Abs(_x[p] - _x[first]) <= DuplicateTolerance && Math.Abs(_y[p] - _y[first]) <= DuplicateTolerance;
        }
        double width = Math.Max((x1 - x0) * (x1 - x0), (y1 - y0) * (y1 - y0));
        _cells[cell] = new Cell { X = (float)(sumX / size), Y = (float)(sumY / size), SquaredWidth = (float)width, Size = size };
        if (!duplicates)
        {
            // Child order is scikit-learn's: x is the high bit of the quadrant, y the low bit.
            double cx = (x0 + x1) / 2.0;
            double cy = (y0 + y1) / 2.0;
            int splitX = Partition(start, end, _x, cx);
            int lowerSplitY = Partition(start, splitX, _y, cy);
            int upperSplitY = Partition(splitX, end, _y, cy);
            if (start < lowerSplitY)
                AddCell(start, lowerSplitY, x0, cx, y0, cy);
            if (lowerSplitY < splitX)
                AddCell(lowerSplitY, splitX, x0, cx, cy, y1);
            if (splitX < upperSplitY)
                AddCell(splitX, upperSplitY, cx, x1, y0, cy);
            if (upperSplitY < end)
                AddCell(upperSplitY, end, cx, x1, cy, y1);
        }
        _cells[cell].Next = _count;
    }

    /// <summary>Reorders order[start..end) so points with coordinate below <paramref name="split"/> come first; returns where the rest begin.</summary>
    private int Partition(int start, int end, float[] coordinate, double split)
    {
        int low = start;
        int high = end - 1;
        while (true)
        {
            while (low <= high && coordinate[_order[low]] < split)
                low++;
            while (low <= high && coordinate[_order[high]] >= split)
                high--;
            if (low >= high)
                return low;
            (_order[low], _order[high]) = (_order[high], _order[low]);
        }
    }

    private struct Cell
    {
        public float X;
        public float Y;
        public float SquaredWidth;
        public float Size;

        /// <summary>The cell after this one's subtree; the next cell for a leaf.</summary>
        public int Next;
    }
}
