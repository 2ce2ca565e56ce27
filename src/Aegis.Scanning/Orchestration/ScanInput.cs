using Aegis.Core.Detection;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Storage;

namespace Aegis.Scanning.Orchestration;

/// <summary>What starts a scan: one version of a model blob, with optional overrides from an API caller.</summary>
public sealed record ScanInput : IActivityKey
{
    public const string Key = "scan";
    public string ActivityKey => Key;

    public required BlobRef Model { get; init; }
    /// <summary>Dataset folder under datasets/; null = sidecar, blob metadata, then the default.</summary>
    public string? Dataset { get; init; }
    /// <summary>Parameters; null = the sidecar's, else the defaults.</summary>
    public ScanParameters? Parameters { get; init; }
    /// <summary>When the trigger or API saw the model (set outside the orchestrator, which has no clock).</summary>
    public DateTimeOffset RequestedAt { get; init; }
    /// <summary>How the scan was started: "poll", "event-grid", "api".</summary>
    public string Trigger { get; init; } = "api";
}
