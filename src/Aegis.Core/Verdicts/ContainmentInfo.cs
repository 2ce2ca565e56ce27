namespace Aegis.Core.Verdicts;

/// <summary>How the model was contained while it ran: the isolation used and the limits it ran under.</summary>
/// <param name="Isolation">"bubblewrap" (namespaces, read-only view of the inputs, no network) or "process" (a plain child process).</param>
public sealed record ContainmentInfo(string Isolation)
{
    /// <summary>Why the isolation is weaker than bubblewrap, when it is.</summary>
    public string? Note { get; init; }
    public long MemoryLimitBytes { get; init; }
    public double TimeoutSeconds { get; init; }
    public double StepTimeoutSeconds { get; init; }
}
