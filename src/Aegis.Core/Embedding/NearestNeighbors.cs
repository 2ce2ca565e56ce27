namespace Aegis.Core.Embedding;

/// <summary>
/// Brute-force neighbour search in squared euclidean distance, as scikit-learn's
/// <c>NearestNeighbors</c> picks for high-dimensional features. Rows are processed in blocks so
/// each streamed row is compared with a whole block while that block stays in cache.
/// </summary>
internal static class NearestNeighbors
{
    private const int BlockBytes = 256 * 1024;

    /// <summary>
    /// The <paramref name="k"/> nearest other rows of every row, nearest first:
    /// row i's neighbours are <c>indices[i*k .. i*k+k)</c> with squared distances alongside.
    /// </summary>
    public static (int[] Indices, float[] SquaredDistances) Search(Matrix x, int k, int workers, CancellationToken cancellationToken)
    {
        int n = x.Rows;
        var indices = new int[n * k];
        var distances = new float[n * k];
        ForEachBlock(x, workers, cancellationToken, (start, end, block) =>
        {
            var heap = new NeighbourHeap(k);
            for (int i = start; i < end; i++)
            {
                heap.Clear();
                var row = block.AsSpan((i - start) * n, n);
                for (int j = 0; j < n; j++)
                {
                    if (j != i)
                        heap.Offer(row[j], j);
                }
                heap.DrainSorted(indices.AsSpan(i * k, k), distances.AsSpan(i * k, k));
            }
        });
        return (indices, distances);
    }

    /// <summary>All squared distances, row-major N x N.</summary>
    public static float[] AllSquaredDistances(Matrix x, int workers, CancellationToken cancellationToken)
    {
        int n = x.Rows;
        var all = new float[(long)n * n];
        ForEachBlock(x, workers, cancellationToken, (start, end, block) =>
            Array.Copy(block, 0, all, (long)start * n, (long)(end - start) * n));
        return all;
    }

    /// <summary>Computes the distances of each block of rows to all rows and hands them to <paramref name="consume"/>.</summary>
    private static void ForEachBlock(Matrix x, int workers, CancellationToken cancellationToken, Action<int, int, float[]> consume)
    {
        int n = x.Rows;
        int d = x.Columns;
        int blockRows = Math.Clamp(BlockBytes / Math.Max(1, d * sizeof(float)), 1, 64);
        int blocks = (n + blockRows - 1) / blockRows;
        ParallelRanges.For(blocks, workers, (firstBlock, endBlock) =>
        {
            var buffer = new float[blockRows * n];
            for (int b = firstBlock; b < endBlock; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = b * blockRows;
                int end = Math.Min(n, start + blockRows);
                for (int j = 0; j < n; j++)
                {
                    ReadOnlySpan<float> other = x.Row(j);
                    for (int i = start; i < end; i++)
                        buffer[(i - start) * n + j] = VectorMath.SquaredDistance(x.Row(i), other);
                }
                consume(start, end, buffer);
            }
        }, minPerChunk: 1);
    }

    /// <summary>A bounded max-heap keeping the k smallest distances seen (ties keep the lower index).</summary>
    private sealed class NeighbourHeap(int capacity)
    {
        private readonly float[] _distance = new float[capacity];
        private readonly int[] _index = new int[capacity];
        private int _count;

        public void Clear() => _count = 0;

        public void Offer(float distance, int index)
        {
            if (_count < capacity)
            {
                int c = _count++;
                while (c > 0)
                {
                    int parent = (c - 1) / 2;
                    if (!Greater(distance, index, _distance[parent], _index[parent]))
                        break;
                    _distance[c] = _distance[parent];
                    _index[c] = _index[parent];
                    c = parent;
                }
                _distance[c] = distance;
                _index[c] = index;
                return;
            }
            if (!Greater(_distance[0], _index[0], distance, index))
                return;
            SiftDownFromRoot(distance, index, _count);
        }

        /// <summary>Writes the kept entries in ascending order and empties the heap.</summary>
        public void DrainSorted(Span<int> indices, Span<float> distances)
        {
            for (int last = _count - 1; last >= 0; last--)
            {
                indices[last] = _index[0];
                distances[last] = _distance[0];
                SiftDownFromRoot(_distance[last], _index[last], last);
            }
            _count = 0;
        }

        private void SiftDownFromRoot(float distance, int index, int count)
        {
            int c = 0;
            while (true)
            {
                int child = 2 * c + 1;
                if (child >= count)
                    break;
                if (child + 1 < count && Greater(_distance[child + 1], _index[child + 1], _distance[child], _index[child]))
                    child++;
                if (!Greater(_distance[child], _index[child], distance, index))
                    break;
                _distance[c] = _distance[child];
                _index[c] = _index[child];
                c = child;
            }
            _distance[c] = distance;
            _index[c] = index;
        }

        private static bool Greater(float d1, int i1, float d2, int i2) => d1 > d2 || (d1 == d2 && i1 > i2);
    }
}
