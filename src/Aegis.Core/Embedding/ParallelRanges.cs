using System.Runtime.ExceptionServices;

namespace Aegis.Core.Embedding;

/// <summary>
/// Runs a body over contiguous index ranges on a few workers: per-item delegates cost more
/// than the work in the tight loops of t-SNE and mean shift.
/// </summary>
internal static class ParallelRanges
{
    public static int Workers(int? maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism is <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), "MaxDegreeOfParallelism must be positive.");
        return Math.Max(1, Math.Min(maxDegreeOfParallelism ?? Environment.ProcessorCount, Environment.ProcessorCount));
    }

    /// <summary>Calls <paramref name="body"/>(start, end) over [0, count); serially when the work is small.</summary>
    public static void For(int count, int workers, Action<int, int> body, int minPerChunk = 16)
    {
        int chunks = Math.Min(workers * 4, count / Math.Max(1, minPerChunk));
        if (workers <= 1 || chunks <= 1)
        {
            body(0, count);
            return;
        }
        try
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
            {
                int start = (int)((long)count * c / chunks);
                int end = (int)((long)count * (c + 1) / chunks);
                body(start, end);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Callers expect the exception the body threw (cancellation, a clear argument error), not a wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
