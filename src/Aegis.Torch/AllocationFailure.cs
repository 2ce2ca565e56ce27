namespace Aegis.Torch;

/// <summary>Recognises a failed allocation among libtorch's and .NET's errors, so it is reported as a memory limit, not as a broken model.</summary>
public static class AllocationFailure
{
    /// <summary>libtorch says "DefaultCPUAllocator: can't allocate memory" (CUDA: "CUDA out of memory"); .NET throws <see cref="OutOfMemoryException"/>.</summary>
    public static bool IsIn(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is OutOfMemoryException
                || e.Message.Contains("can't allocate memory", StringComparison.Ordinal)
                || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
