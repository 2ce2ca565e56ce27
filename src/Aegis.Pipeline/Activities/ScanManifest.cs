using Aegis.Core.Detection;

namespace Aegis.Pipeline.Activities;

/// <summary>The optional sidecar models/&lt;name&gt;.pt.aegis.json: the model's dataset and parameter overrides.</summary>
public sealed record ScanManifest
{
    public const string Suffix = ".aegis.json";
    /// <summary>Blob metadata key naming the dataset when there is no sidecar.</summary>
    public const string DatasetMetadataKey = "aegis_dataset";

    public string? Dataset { get; init; }
    public ScanParameters? Parameters { get; init; }

    public static bool IsManifest(string blobName) => blobName.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);
}
