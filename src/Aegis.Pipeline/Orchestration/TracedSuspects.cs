using Aegis.Core.Verdicts;

namespace Aegis.Pipeline.Orchestration;

/// <summary>The trace after a backdoored verdict, in a few fields: the SuspectsTraced alert's data and part of the scan's summary.</summary>
public sealed record TracedSuspects
{
    public required string ScanId { get; init; }
    public required string ModelName { get; init; }
    /// <summary>Container and name of suspects.json (verdicts/&lt;name&gt;/&lt;scanId&gt;/suspects.json).</summary>
    public required string SuspectsBlob { get; init; }
    public required string SuspectsUrl { get; init; }
    public string? ModelSha256 { get; init; }
    /// <summary>The flagged classes traced.</summary>
    public IReadOnlyList<int> Classes { get; init; } = [];
    /// <summary>Training samples of those classes scored (one row each in suspects.csv).</summary>
    public int Samples { get; init; }
    /// <summary>Of them, the ones the score marks suspected (what <c>aegis lab train --exclude</c> drops by default).</summary>
    public int Suspected { get; init; }
    /// <summary>Why the trace failed; suspects.json then holds this error and no suspects, and the verdict stands.</summary>
    public ScanError? Error { get; init; }
    public bool Advisory { get; init; }
}
