// Training tests are CPU-bound and several touch libtorch's global generator; running them one
// at a time is both faster on a 2-core machine and reproducible.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Aegis.Lab.Tests
{
    internal static class TorchThreads
    {
        /// <summary>One intra-op thread: the tiny test models gain nothing from more, and on a shared machine OpenMP threads spinning against each other make them several times slower.</summary>
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
    }
}
