namespace Aegis.Sandbox.Protocol;

/// <summary>The environment variables through which the parent gives the sandbox its limits (the sandbox applies them before touching the model).</summary>
public static class ChildEnvironment
{
    /// <summary>libtorch intra-op threads (Aegis.Torch's TorchRuntime reads it).</summary>
    public const string Threads = "AEGIS_TORCH_THREADS";
    /// <summary>RLIMIT_DATA: writable private memory, bytes.</summary>
    public const string MemoryBytes = "AEGIS_SANDBOX_MEMORY_BYTES";
    /// <summary>RLIMIT_CPU: CPU seconds over all threads.</summary>
    public const string CpuSeconds = "AEGIS_SANDBOX_CPU_SECONDS";
    /// <summary>RLIMIT_FSIZE: largest file the sandbox may write, bytes.</summary>
    public const string OutputBytes = "AEGIS_SANDBOX_OUTPUT_BYTES";
    /// <summary>Set for a plain child process: the parent's PID, to die with it.</summary>
    public const string ParentPid = "AEGIS_SANDBOX_PARENT_PID";
}
