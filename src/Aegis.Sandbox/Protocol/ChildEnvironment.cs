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
    /// <summary>Set outside bubblewrap: the parent's PID, to die with it.</summary>
    public const string ParentPid = "AEGIS_SANDBOX_PARENT_PID";
    /// <summary>The isolation the sandbox raises around itself: one of <see cref="IsolationNames"/>.</summary>
    public const string Walls = "AEGIS_SANDBOX_WALLS";
    /// <summary>For a confined sandbox: the paths it may read, as a JSON array.</summary>
    public const string Inputs = "AEGIS_SANDBOX_INPUTS";
    /// <summary>Set by a confined sandbox's first stage for its second (the parent never sets it).</summary>
    public const string Stage = "AEGIS_SANDBOX_STAGE";
}
