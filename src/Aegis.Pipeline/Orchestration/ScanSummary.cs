using Aegis.Core.Verdicts;

namespace Aegis.Pipeline.Orchestration;

/// <summary>The verdict in a few fields: the orchestration's output, the alert's data, the API's answer.</summary>
public sealed record ScanSummary
{
    public required string ScanId { get; init; }
    public required string ModelName { get; init; }
    public required string Verdict { get; init; }
    public IReadOnlyList<int> SuspiciousClasses { get; init; } = [];
    /// <summary>Container and name of the verdict blob.</summary>
    public required string VerdictBlob { get; init; }
    public required string VerdictUrl { get; init; }
    public string? ModelSha256 { get; init; }
    public ScanError? Error { get; init; }
    /// <summary>The scan did not run under the server's policy: the verdict informs but never promotes (see <see cref="AdvisoryReason"/>).</summary>
    public bool Advisory { get; init; }
    public string? AdvisoryReason { get; init; }
    /// <summary>approved/… or quarantine/… once promoted; null when promotion is off, not wanted, or failed.</summary>
    public string? PromotedTo { get; init; }
    /// <summary>The trace of the training samples after a backdoored verdict (null when none ran: clean, tracing off, or not yet).</summary>
    public TracedSuspects? Suspects { get; init; }
    /// <summary>Why the alert or the promotion after the verdict did not happen (a transient failure outlasted every run).</summary>
    public string? FollowUpFailure { get; init; }
}
