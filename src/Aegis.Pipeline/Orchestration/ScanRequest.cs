using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// The scan orchestration's input: one version of a model blob, optional overrides from an API
/// caller, the retry policy across runs, and what earlier runs of the same scan already finished.
/// </summary>
public sealed record ScanRequest
{
    public required BlobRef Model { get; init; }
    /// <summary>Dataset folder under datasets/; null = sidecar, blob metadata, then the default.</summary>
    public string? Dataset { get; init; }
    /// <summary>Parameters; null = the sidecar's, else the defaults.</summary>
    public ScanParameters? Parameters { get; init; }
    /// <summary>When the trigger or API saw the model (set outside the orchestrator, which has no clock).</summary>
    public DateTimeOffset RequestedAt { get; init; }
    /// <summary>How the scan was started: "poll", "event-grid", "blob-trigger", "api".</summary>
    public string Trigger { get; init; } = "api";
    public RunPolicy Runs { get; init; } = new();
    public EarlierRuns Earlier { get; init; } = new();
}
