using Aegis.Core.Detection;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;

namespace Aegis.Host.Api;

/// <summary>POST /api/scans body: a model blob in the models container, optionally its version, dataset and parameters.</summary>
public sealed record ScanRequestBody
{
    public string? Model { get; init; }
    /// <summary>The blob version to scan; default: the current one.</summary>
    public string? ETag { get; init; }
    public string? Dataset { get; init; }
    public ScanParameters? Parameters { get; init; }
}

public sealed record ScanAccepted(string Id, bool Created, string StatusUrl, string VerdictUrl);

public sealed record UploadedModel(string Container, string Name, string ETag);

public sealed record ClassProgress(int Label, string State);

public sealed record ScanStatusResponse
{
    public required string Id { get; init; }
    public required string RuntimeStatus { get; init; }
    public string? Stage { get; init; }
    public BlobRef? Model { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    /// <summary>Every class to scan with its state: pending, translated, analysed.</summary>
    public IReadOnlyList<ClassProgress> Classes { get; init; } = [];
    public ScanSummary? Summary { get; init; }
    public string? Failure { get; init; }
}
