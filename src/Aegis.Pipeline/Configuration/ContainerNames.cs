namespace Aegis.Pipeline.Configuration;

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

    /// <summary>Azure's rule for a container name: 3 to 63 lowercase letters, digits and single hyphens, a letter or digit at both ends.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
}
