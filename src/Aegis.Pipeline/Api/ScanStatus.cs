using System.Text.Json.Serialization;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Api;

/// <summary>GET /api/scans/{id}: the engine's state of a scan, with per-class progress and, once completed, the summary.</summary>
public sealed record ScanStatus
{
    public required string Id { get; init; }
    /// <summary>The engine's runtime status: Pending, Running, Completed, Failed, Terminated…</summary>
    public required string RuntimeStatus { get; init; }
    public string? Stage { get; init; }
    /// <summary>1 for the first run; more when transient failures made the scan run again.</summary>
    public int Run { get; init; }
    public BlobRef? Model { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    /// <summary>Every class to scan with its state: pending, queued, scanned, failed.</summary>
    public IReadOnlyList<ClassProgress> Classes { get; init; } = [];
    public ScanSummary? Summary { get; init; }
    /// <summary>How the last failed run ended, while the scan waits to run again.</summary>
    public string? LastFailure { get; init; }
    /// <summary>Why the orchestration itself failed.</summary>
    public string? Failure { get; init; }

    [JsonIgnore]
    public bool IsCompleted => RuntimeStatus == Engine.ScanInstance.Completed;
}
