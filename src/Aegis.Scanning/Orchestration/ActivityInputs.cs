using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Telemetry;
using Aegis.Scanning.Workers;

namespace Aegis.Scanning.Orchestration;

public sealed record EmbedInput(string ScanId, FeaturesRef Features, ScanParameters Parameters) : IActivityKey, IHasClassLabel
{
    public int Label => Features.Label;
    public string ActivityKey => $"c{Label:D3}";
}

public sealed record DecideInput(string ScanId, IReadOnlyList<ClassAnalysis> Analyses, ScanParameters Parameters) : IActivityKey
{
    public string ActivityKey => "all";
}

/// <summary>Everything WriteVerdict turns into the verdict blob; <see cref="Error"/> set means an error verdict.</summary>
public sealed record VerdictRequest : IActivityKey
{
    public required PreparedScan Scan { get; init; }
    public IReadOnlyList<FeaturesRef> Features { get; init; } = [];
    public IReadOnlyList<ClassAnalysis> Analyses { get; init; } = [];
    public Decision? Decision { get; init; }
    public ScanError? Error { get; init; }
    public string ActivityKey => Error?.Code == ErrorCodes.Poisoned ? "poisoned" : "verdict";
}

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
    public string? PromotedTo { get; init; }
}

public sealed record PromoteInput(ScanSummary Summary, BlobRef Source) : IActivityKey
{
    public string ActivityKey => "promote";
}

public sealed record PromotionResult(string? Destination);

public sealed record AlertInput(ScanSummary Summary) : IActivityKey
{
    public string ActivityKey => "alert";
}

public sealed record AlertResult(IReadOnlyList<string> Published);

/// <summary>Why a scan is poisoned: how often it ran and how the last run ended.</summary>
public sealed record PoisonInput(int Attempts, string? LastFailure);
