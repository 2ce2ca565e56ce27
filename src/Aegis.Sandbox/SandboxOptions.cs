namespace Aegis.Sandbox;

/// <summary>How the sandbox is isolated from the machine. No mode falls back to a weaker one.</summary>
public enum IsolationMode
{
    /// <summary>bubblewrap when it can start here, else confined; when neither can, the scan is an error (sandbox-unavailable).</summary>
    Auto,
    /// <summary>bubblewrap (namespaces: no network, a read-only view of inputs and libraries) plus the seccomp allow-list, or nothing.</summary>
    Bubblewrap,
    /// <summary>Landlock (reads only its inputs and libraries, writes only its folder, no TCP) plus the seccomp allow-list, or nothing.</summary>
    Confined,
    /// <summary>A plain child process with the scanner's own rights: only for models the operator trusts.</summary>
    TrustedProcess,
}

/// <summary>The isolations' names on the command line, in verdicts (model.containment.isolation) and between parent and sandbox.</summary>
public static class IsolationNames
{
    public const string Auto = "auto";
    public const string Bubblewrap = "bubblewrap";
    public const string Confined = "confined";
    public const string TrustedProcess = "trusted-process";
    public static readonly IReadOnlyList<string> All = [Auto, Bubblewrap, Confined, TrustedProcess];

    public static string Of(IsolationMode mode) => mode switch
    {
        IsolationMode.Auto => Auto,
        IsolationMode.Bubblewrap => Bubblewrap,
        IsolationMode.Confined => Confined,
        IsolationMode.TrustedProcess => TrustedProcess,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static IsolationMode Parse(string name) => name switch
    {
        Auto => IsolationMode.Auto,
        Bubblewrap => IsolationMode.Bubblewrap,
        Confined => IsolationMode.Confined,
        TrustedProcess => IsolationMode.TrustedProcess,
        _ => throw new ArgumentException($"'{name}' is not an isolation; use one of {string.Join(", ", All)}.", nameof(name)),
    };
}

/// <summary>
/// The limits and device of a model's sandbox. The defaults fit the README's scans with a wide
/// margin (a default scan of a fixture peaks at about 0.4 GB and answers every few seconds) while
/// a hostile model is stopped within minutes.
/// </summary>
public sealed record SandboxOptions
{
    public const string DebugVariable = "AEGIS_SANDBOX_DEBUG";

    /// <summary>"auto" (CUDA when this build and machine have it, else CPU), "cpu" or "cuda".</summary>
    public string Device { get; init; } = Devices.Auto;
    /// <summary>Wall-clock budget of everything the sandbox does for one scan (or one worker's session).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(2);
    /// <summary>
    /// Longest the sandbox may stay silent while it works: it reports after every batch of every
    /// step (a PGD step on 250 images, a feature batch), which takes seconds; a forward that never
    /// returns is killed after this long.
    /// </summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(3);
    /// <summary>Writable private memory (heap, tensors) of the sandbox: an allocation beyond it fails.</summary>
    public long MaxMemoryBytes { get; init; } = 4L << 30;
    /// <summary>Bytes the sandbox may keep in its output folder at once (its arrays are a few MB per class).</summary>
    public long MaxOutputBytes { get; init; } = 1L << 30;
    /// <summary>libtorch threads in the sandbox; its CPU-time limit is the timeout times this.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    public IsolationMode Isolation { get; init; } = IsolationMode.Auto;
    /// <summary>Copy the sandbox's standard error (which may hold what the model printed) to ours; off unless AEGIS_SANDBOX_DEBUG=1.</summary>
    public bool ShowSandboxErrors { get; init; } = Environment.GetEnvironmentVariable(DebugVariable) == "1";

    /// <summary>Problems with these options, as sentences; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Devices.All.Contains(Device))
            problems.Add($"device must be one of {string.Join(", ", Devices.All)}.");
        if (Timeout < TimeSpan.FromSeconds(1))
            problems.Add("timeout must be at least one second.");
        if (StepTimeout < TimeSpan.FromSeconds(1))
            problems.Add("step timeout must be at least one second.");
        if (MaxMemoryBytes < 256L << 20)
            problems.Add("the memory limit must be at least 256 MB (the runtime and libtorch need about 200 MB).");
        if (MaxOutputBytes < 1L << 20)
            problems.Add("the output limit must be at least 1 MB.");
        if (Threads < 1)
            problems.Add("threads must be at least 1.");
        return problems;
    }
}

public static class Devices
{
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
    public static readonly IReadOnlyList<string> All = [Auto, Cpu, Cuda];
}
