namespace Aegis.Core.Detection;

/// <summary>One class as Neural Cleanse's decision sees it (the verdict's per-class numbers, without the images).</summary>
public sealed record NeuralCleanseClass
{
    public required int Label { get; init; }
    /// <summary>‖mask‖₁ of the class's reversed trigger.</summary>
    public required double MaskL1 { get; init; }
    /// <summary>The published anomaly index: (median − L1) / (1.4826 · MAD) over all classes; positive = smaller than most.</summary>
    public required double AnomalyIndex { get; init; }
    /// <summary>The same on log L1: how many robust standard deviations smaller than most, as a ratio.</summary>
    public required double LogAnomalyIndex { get; init; }
    /// <summary>The same on log L1 minus the class's natural offset from a <see cref="NeuralCleanseReference"/>; null without one.</summary>
    public double? ReferenceAnomalyIndex { get; init; }
    /// <summary>The index the verdict's rule compared with its threshold (one of the three above).</summary>
    public required double DecidingIndex { get; init; }
    public required double AttackSuccess { get; init; }
    public double? HeldOutAttackSuccess { get; init; }
    public required bool Reached { get; init; }
    public required int Epochs { get; init; }
    public required double Cost { get; init; }
    /// <summary>Flagged by Neural Cleanse as published (anomaly index above 2, below the median).</summary>
    public required bool PublishedSuspicious { get; init; }
    /// <summary>Flagged by the rule the verdict uses.</summary>
    public required bool Suspicious { get; init; }
    /// <summary>The deciding rule's evidence beyond its line (<see cref="ModelScore.NeuralCleanse"/>): above 0 when flagged.</summary>
    public double Score { get; init; } = ModelScore.Floor;
    /// <summary>Relative paths of the class's pictures beside the verdict ("trigger": mask | pattern | mask × pattern).</summary>
    public IReadOnlyDictionary<string, string> Artifacts { get; init; } = new Dictionary<string, string>();
}
