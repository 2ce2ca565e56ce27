using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// <summary>How many points <see cref="Repulsion"/> walks through the tree at once.</summary>
    public const int PacketSize = 8;

    private const float DuplicateTolerance = 1e-6f;

    private readonly float[] _x;
    private readonly float[] _y;
    private readonly int[] _order;

    // The coordinates in tree order, moved along with _order, so partitioning reads memory in sequence.
    private readonly float[] _orderedX;
    private readonly float[] _orderedY;
    private Cell[] _cells;
    private int _count;

    public PlanarTree(int points)
    {
        _x = new float[points];
        _y = new float[points];
        _order = new int[points];
        _orderedX = new float[points];
        _orderedY = new float[points];
        _cells = new Cell[Math.Max(16, 4 * points)];
    }

    /// <summary>The point indices in depth-first leaf order: neighbouring entries are neighbours in the plane.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>The float32 x coordinates the tree was built from.</summary>
    public float[] X => _x;

    /// <summary>The float32 y coordinates the tree was built from.</summary>
    public float[] Y => _y;

    /// <summary>Rebuilds the tree over the points stored as (x, y) pairs in <paramref name="points"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                throw new ArithmeticException("t-SNE diverged: the embedding contains NaN or infinite coordinates.");
            _x[i] = x;
            _y[i] = y;
            _order[i] = i;
            _orderedX[i] = x;
            _orderedY[i] = y;
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
    /// The repulsion at each of up to <see cref="PacketSize"/> points: Σ size·q over the cells that
    /// summarise for that point (its share of the normalisation Z) and the force
    /// Σ size·q²·(point − centre), with q = 1 / (1 + d²). A cell summarises when it is a leaf not
    /// holding the point itself, or when width² / d² &lt; theta²; the points are walked through the
    /// tree together (one SIMD lane each), and a lane sits out the subtrees it has summarised, so
    /// every point sums exactly the cells it would alone, in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Repulsion(ReadOnlySpan<int> points, float squaredTheta, Span<double> sumQ, Span<double> forceX, Span<double> forceY)
    {
        if (points.Length is < 1 or > PacketSize)
            throw new ArgumentOutOfRangeException(nameof(points), $"Between 1 and {PacketSize} points at a time.");
        Span<float> laneX = stackalloc float[PacketSize];
        Span<float> laneY = stackalloc float[PacketSize];
        for (int lane = 0; lane < PacketSize; lane++)
        {
            // Spare lanes repeat the last point; their sums are dropped.
            int p = points[Math.Min(lane, points.Length - 1)];
            laneX[lane] = _x[p];
            laneY[lane] = _y[p];
        }
        var x = Vector256.Create<float>(laneX);
        var y = Vector256.Create<float>(laneY);
        var theta = Vector256.Create(squaredTheta);
        var tolerance = Vector256.Create(DuplicateTolerance);
        var resume = Vector256<int>.Zero;
        var q = Vector256<float>.Zero;
        var fx = Vector256<float>.Zero;
        var fy = Vector256<float>.Zero;
        ref Cell cells = ref MemoryMarshal.GetArrayDataReference(_cells);
        int count = _count;
        int c = 0;
        while (c < count)
        {
            ref Cell cell = ref Unsafe.Add(ref cells, c);
            var active = Vector256.GreaterThanOrEqual(Vector256.Create(c), resume).AsSingle();
            var dx = x - Vector256.Create(cell.X);
            var dy = y - Vector256.Create(cell.Y);
            var d2 = dx * dx + dy * dy;
            int next = cell.Next;
            Vector256<float> take;
            if (next == c + 1)
            {
                var duplicate = Vector256.LessThanOrEqual(Vector256.Abs(dx), tolerance) & Vector256.LessThanOrEqual(Vector256.Abs(dy), tolerance);
                take = Vector256.AndNot(active, duplicate);
                c = next;
            }
            else
            {
                var summarise = Vector256.LessThan(Vector256.Create(cell.SquaredWidth), theta * d2);
                take = active & summarise;
                resume = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(next), resume);
                c = Vector256.AndNot(active, summarise).ExtractMostSignificantBits() != 0 ? c + 1 : next;
            }
            var cellQ = Vector256<float>.One / (Vector256<float>.One + d2);
            var sizeQ = Vector256.Create(cell.Size) * cellQ & take;
            q += sizeQ;
            var mult = sizeQ * cellQ;
            fx += mult * dx;
            fy += mult * dy;
        }
        for (int lane = 0; lane < points.Length; lane++)
        {
            sumQ[lane] = q.GetElement(lane);
            forceX[lane] = fx.GetElement(lane);
            forceY[lane] = fy.GetElement(lane);
        }
    }

    private static double Stretch(double high) => Math.Max(high * (1.0 + 1e-3 * Math.Sign(high)), high + 1e-3);

    /// <summary>Adds the cell for the points order[start..end) inside the given box, then its subtree; returns the points' coordinate sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double X, double Y) AddCell(int start, int end, double x0, double x1, double y0, double y1)
    {
        int cell = _count++;
        if (cell == _cells.Length)
            Array.Resize(ref _cells, 2 * _cells.Length);
        int size = end - start;
        double sumX, sumY;
        if (AllDuplicates(start, end))
        {
            sumX = 0;
            sumY = 0;
            for (int k = start; k < end; k++)
            {
                sumX += _orderedX[k];
                sumY += _orderedY[k];
            }
        }
        else
        {
            // Child order is scikit-learn's: x is the high bit of the quadrant, y the low bit.
            double cx = (x0 + x1) / 2.0;
            double cy = (y0 + y1) / 2.0;
            int splitX = Partition(start, end, _orderedX, cx);
            int lowerSplitY = Partition(start, splitX, _orderedY, cy);
            int upperSplitY = Partition(splitX, end, _orderedY, cy);
            (sumX, sumY) = (0, 0);
            if (start < lowerSplitY)
                Accumulate(AddCell(start, lowerSplitY, x0, cx, y0, cy), ref sumX, ref sumY);
            if (lowerSplitY < splitX)
                Accumulate(AddCell(lowerSplitY, splitX, x0, cx, cy, y1), ref sumX, ref sumY);
            if (splitX < upperSplitY)
                Accumulate(AddCell(splitX, upperSplitY, cx, x1, y0, cy), ref sumX, ref sumY);
            if (upperSplitY < end)
                Accumulate(AddCell(upperSplitY, end, cx, x1, cy, y1), ref sumX, ref sumY);
        }
        double width = Math.Max((x1 - x0) * (x1 - x0), (y1 - y0) * (y1 - y0));
        _cells[cell] = new Cell { X = (float)(sumX / size), Y = (float)(sumY / size), SquaredWidth = (float)width, Size = size, Next = _count };
        return (sumX, sumY);
    }

    private static void Accumulate((double X, double Y) child, ref double sumX, ref double sumY)
    {
        sumX += child.X;
        sumY += child.Y;
    }

    /// <summary>Whether the points order[start..end) all lie within the duplicate tolerance of the first (a single point does).</summary>
    private bool AllDuplicates(int start, int end)
    {
        float x = _orderedX[start];
        float y = _orderedY[start];
        for (int k = start + 1; k < end; k++)
        {
            if (Math.Abs(_orderedX[k] - x) > DuplicateTolerance || Math.Abs(_orderedY[k] - y) > DuplicateTolerance)
                return false;
        }
        return true;
    }

    /// <summary>
    /// Reorders order[start..end) (and the coordinates alongside) so points with <paramref name="coordinate"/>
    /// below <paramref name="split"/> come first; returns where the rest begin.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Partition(int start, int end, float[] coordinate, double split)
    {
        int low = start;
        int high = end - 1;
        while (true)
        {
            while (low <= high && coordinate[low] < split)
                low++;
            while (low <= high && coordinate[high] >= split)
                high--;
            if (low >= high)
                return low;
            (_order[low], _order[high]) = (_order[high], _order[low]);
            (_orderedX[low], _orderedX[high]) = (_orderedX[high], _orderedX[low]);
            (_orderedY[low], _orderedY[high]) = (_orderedY[high], _orderedY[low]);
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
