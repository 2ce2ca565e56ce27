using Aegis.Core.Detection;

namespace Aegis.Pipeline.Api;

/// <summary>POST /api/scans body: a model blob in the models container, optionally its version, dataset and parameters.</summary>
public sealed record StartScanRequest
{
    public string? Model { get; init; }
    /// <summary>The blob version to scan; it must be the current one. Default: the current one.</summary>
    public string? ETag { get; init; }
    public string? Dataset { get; init; }
    public ScanParameters? Parameters { get; init; }
}
