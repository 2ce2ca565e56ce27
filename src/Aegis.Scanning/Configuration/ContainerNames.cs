namespace Aegis.Scanning.Configuration;

/// <summary>Storage containers of the pipeline (DESIGN.md "Storage layout").</summary>
public sealed record ContainerNames
{
    public string Models { get; init; } = "models";
    public string Datasets { get; init; } = "datasets";
    public string Verdicts { get; init; } = "verdicts";
    public string Work { get; init; } = "aegis-work";
    public string Approved { get; init; } = "approved";
    public string Quarantine { get; init; } = "quarantine";

    public IEnumerable<string> All => [Models, Datasets, Verdicts, Work, Approved, Quarantine];
}
