using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Aegis.Torch;

/// <summary>Process-wide libtorch settings, applied once before the first model is used.</summary>
public static partial class TorchRuntime
{
    /// <summary>Overrides the intra-op thread count (default: one per core).</summary>
    public const string ThreadsVariable = "AEGIS_TORCH_THREADS";

    private static readonly Lock Gate = new();
    private static bool _configured;

    public static void EnsureConfigured()
    {
        lock (Gate)
        {
            if (_configured)
                return;
            PreferPassiveOpenMpWaits();
            ApplyThreadCount();
            _configured = true;
        }
    }

    /// <summary>
    /// libtorch's OpenMP threads spin between parallel regions by default. On a machine whose cores are
    /// shared (CI, developer boxes, a Functions host) spinning threads starve each other: measured here a
    /// PGD step at batch 250 took a median 748 ms with spinning and 187 ms with passive waits. libgomp reads
    /// the setting when it loads, so it has to be in the native environment before the first torch call;
    /// a value the operator set is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PreferPassiveOpenMpWaits()
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
    }

    /// <summary>
    /// One intra-op thread per core: the work is a few large batched convolutions, which scale with cores,
    /// while inter-op parallelism has nothing to overlap in these small graphs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ApplyThreadCount()
    {
        int threads = int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out var requested) && requested > 0
            ? requested
            : Environment.ProcessorCount;
        torch.set_num_threads(Math.Max(1, threads));
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
