// Training tests are CPU-bound and several touch libtorch's global generator; running them one
// at a time is both faster on a 2-core machine and reproducible.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Aegis.Lab.Tests;

internal static class TorchThreads
{
    /// <summary>
    /// One intra-op thread unless the runner asks otherwise: the tiny test models gain nothing
    /// from more, and on a shared machine extra threads only contend.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseOneThread()
    {
        if (Environment.GetEnvironmentVariable(Aegis.Torch.TorchRuntime.ThreadsVariable) is null)
            Environment.SetEnvironmentVariable(Aegis.Torch.TorchRuntime.ThreadsVariable, "1");
        Aegis.Torch.TorchRuntime.EnsureConfigured();
    }
}
