using TorchSharp;

namespace Aegis.Torch;

/// <summary>Process-wide libtorch settings, applied once before the first model is used.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _configured;

    /// <summary>
    /// One intra-op thread per core: the work is a few large batched convolutions, which scale with
    /// cores, while inter-op parallelism has nothing to overlap in these small graphs.
    /// </summary>
    public static void EnsureConfigured()
    {
        lock (Gate)
        {
            if (_configured)
                return;
            torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
            _configured = true;
        }
    }
}
