using System.Runtime.CompilerServices;

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
            var keys = new ulong[n - 1];
            for (int i = start; i < end; i++)
            {
                // Non-negative floats order like their bit patterns, so one integer key orders by
                // distance, then by index: ties keep the lower index.
                var row = block.AsSpan((i - start) * n, n);
                int m = 0;
                for (int j = 0; j < n; j++)
                {
                    if (j != i)
                        keys[m++] = ((ulong)BitConverter.SingleToUInt32Bits(row[j]) << 32) | (uint)j;
                }
                var nearest = keys.AsSpan(0, k);
                SelectSmallest(keys, k);
                nearest.Sort();
                for (int r = 0; r < k; r++)
                {
                    indices[i * k + r] = (int)(uint)nearest[r];
                    distances[i * k + r] = BitConverter.UInt32BitsToSingle((uint)(nearest[r] >> 32));
                }
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
            var four = new float[4];
            for (int b = firstBlock; b < endBlock; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = b * blockRows;
                int end = Math.Min(n, start + blockRows);
                for (int j = 0; j < n; j++)
                {
                    ReadOnlySpan<float> other = x.Row(j);
                    int i = start;
                    for (; i + 4 <= end; i += 4)
                    {
                        VectorMath.SquaredDistances4(x.Row(i), x.Row(i + 1), x.Row(i + 2), x.Row(i + 3), other, four);
                        for (int r = 0; r < 4; r++)
                            buffer[(i + r - start) * n + j] = four[r];
                    }
                    for (; i < end; i++)
                        buffer[(i - start) * n + j] = VectorMath.SquaredDistance(x.Row(i), other);
                }
                consume(start, end, buffer);
            }
        }, minPerChunk: 1);
    }

    /// <summary>Quickselect: moves the <paramref name="k"/> smallest of the distinct <paramref name="keys"/> to the front, in no particular order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectSmallest(Span<ulong> keys, int k)
    {
        int low = 0;
        int high = keys.Length - 1;
        while (low < high)
        {
            ulong pivot = MedianOfThree(keys[low], keys[low + (high - low) / 2], keys[high]);
            int i = low;
            int j = high;
            while (i <= j)
            {
                while (keys[i] < pivot)
                    i++;
                while (keys[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }
            if (k - 1 <= j)
                high = j;
            else if (k - 1 >= i)
                low = i;
            else
                return;
        }
    }

    private static ulong MedianOfThree(ulong a, ulong b, ulong c)
        => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
