namespace Aegis.Core.Verdicts;

/// <summary>How the model was contained while it ran: the isolation used, the walls that held and the limits it ran under.</summary>
/// <param name="Isolation">
/// "bubblewrap" (namespaces: no network, a read-only view of inputs and libraries; plus seccomp),
/// "confined" (Landlock and seccomp, where bubblewrap cannot start) or "trusted-process" (a plain
/// child process, only when the operator said the model is trusted).
/// </param>
public sealed record ContainmentInfo(string Isolation)
{
    /// <summary>The walls that were in force before the model was read: "bubblewrap", "landlock", "seccomp"; empty for a trusted process.</summary>
    public IReadOnlyList<string> Walls { get; init; } = [];
    /// <summary>The Landlock ABI version of a confined sandbox's rules (what it covers grows with it).</summary>
    public int? LandlockAbi { get; init; }
    /// <summary>What the isolation meant for the model, in words.</summary>
    public string? Note { get; init; }
    public long MemoryLimitBytes { get; init; }
    public double TimeoutSeconds { get; init; }
    public double StepTimeoutSeconds { get; init; }
}
