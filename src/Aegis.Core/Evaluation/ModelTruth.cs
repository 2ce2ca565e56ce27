namespace Aegis.Core.Evaluation;

/// <summary>What a model really is: from a lab model's model.json or a row of truth.csv.</summary>
public sealed record ModelTruth
{
    public required bool Backdoored { get; init; }
    /// <summary>The class the backdoor sends images to; null for a clean model (or when not known).</summary>
    public int? Target { get; init; }
    /// <summary>
    /// Every class the backdoor sends images to, when there is not a single one: both targets of a
    /// two-target backdoor, every class of an all-to-all one; null otherwise.
    /// </summary>
    public IReadOnlyList<int>? Targets { get; init; }
    /// <summary>The lab's mapping (one-target, all-to-all, two-targets); null when not known.</summary>
    public string? Mapping { get; init; }
    /// <summary>The trigger's family (the lab's kind: localized, blended, …); null when clean or not known.</summary>
    public string? Trigger { get; init; }
    /// <summary>Share of triggered non-target test images the model sends to the target; null when not measured.</summary>
    public double? AttackSuccess { get; init; }
}
