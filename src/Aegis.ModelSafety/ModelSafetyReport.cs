using Aegis.Core.Verdicts;

namespace Aegis.ModelSafety;

/// <summary>The result of <see cref="ModelSafetyCheck.Check"/>: a status, the findings behind it and what was inspected.</summary>
public sealed record ModelSafetyReport
{
    public const string TorchScriptFormat = "torchscript";
    public const string LabFormat = "aegis-lab";
    public const string UnknownFormat = "unknown";

    public required string Path { get; init; }
    public required string Format { get; init; }
    public required ModelSafetyStatus Status { get; init; }
    public IReadOnlyList<SafetyFinding> Findings { get; init; } = [];
    public ModelInventory? Inventory { get; init; }

    /// <summary>The canonical copy written by <see cref="ModelSafetyCheck.CheckAndCanonicalize"/>, when the model is a TorchScript archive that passed.</summary>
    public CanonicalCopy? CanonicalCopy { get; init; }
    public double Seconds { get; init; }

    public bool IsSafe => Status == ModelSafetyStatus.Safe;

    /// <summary>The verdict error code for a refused model: <c>model-unsafe</c>, or <c>model-unreadable</c> when it could not be judged.</summary>
    public string? ErrorCode => Status switch
    {
        ModelSafetyStatus.Safe => null,
        ModelSafetyStatus.Unsafe => ErrorCodes.ModelUnsafe,
        _ => ErrorCodes.ModelUnreadable,
    };

    /// <summary>One line for a verdict's error message: the first findings with their locations (names only, never data).</summary>
    public string Describe(int maxFindings = 5)
    {
        string name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));
        if (Status == ModelSafetyStatus.Safe)
            return $"{name}: no findings.";
        var shown = Findings.Take(maxFindings).Select(f => f.ToString());
        string more = Findings.Count > maxFindings ? $" (and {Findings.Count - maxFindings} more)" : "";
        string what = Status switch
        {
            ModelSafetyStatus.Unsafe => "the static model check refused it",
            ModelSafetyStatus.Unsupported => "not a TorchScript archive or a lab model",
            _ => "the static model check could not read it",
        };
        return Findings.Count == 0 ? $"{name}: {what}." : $"{name}: {what}: {string.Join("; ", shown)}{more}.";
    }

    internal static ModelSafetyStatus StatusOf(IReadOnlyCollection<SafetyFinding> findings) =>
        findings.Any(f => f.Blocking) ? ModelSafetyStatus.Unsafe
        : findings.Count > 0 ? ModelSafetyStatus.Unreadable
        : ModelSafetyStatus.Safe;
}
