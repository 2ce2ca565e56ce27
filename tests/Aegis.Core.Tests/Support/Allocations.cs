namespace Aegis.Core.Tests.Support;

/// <summary>Measures what an action allocates on this thread, so a test can show a lying header cost no memory.</summary>
internal static class Allocations
{
    public static long Of(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Runs <paramref name="action"/>, expects <typeparamref name="T"/>, and returns it with the bytes allocated meanwhile.</summary>
    public static (T Error, long Bytes) Throwing<T>(Action action) where T : Exception
    {
        T? error = null;
        long bytes = Of(() =>
        {
            try
            {
                action();
            }
            catch (T e)
            {
                error = e;
            }
        });
        Assert.NotNull(error);
        return (error!, bytes);
    }
}
