namespace Aegis.Core.Detection;

/// <summary>Neural Cleanse's verdict over every class: both rules' flags, the per-class numbers, and why.</summary>
public sealed record NeuralCleanseDecision
{
    public required string Rule { get; init; }
    public required IReadOnlyList<NeuralCleanseClass> Classes { get; init; }
    /// <summary>Classes flagged by <see cref="Rule"/>.</summary>
    public required IReadOnlyList<int> SuspiciousClasses { get; init; }
    /// <summary>Classes flagged by Neural Cleanse as published, whatever rule decided.</summary>
    public required IReadOnlyList<int> PublishedRuleClasses { get; init; }
    /// <summary>The log rule's threshold on <see cref="NeuralCleanseClass.LogAnomalyIndex"/> for this many classes (null when too few to judge).</summary>
    public required double? Threshold { get; init; }
    /// <summary>The reference whose class sizes were subtracted (<see cref="NeuralCleanseReference.Name"/>); null when none matched the data.</summary>
    public string? Reference { get; init; }
    public required string Explanation { get; init; }
    /// <summary>The all-to-all row's matching (<see cref="AllToAllRule.FromDestinations"/>); when detected, every class is among <see cref="SuspiciousClasses"/>.</summary>
    public AllToAllFinding AllToAll { get; init; } = AllToAllFinding.None;
    /// <summary>The all-to-all row itself, when it ran.</summary>
    public AllToAllReversal? AllToAllReversal { get; init; }

    public bool Backdoored => SuspiciousClasses.Count > 0;

    /// <summary>The model's score: its largest class score (<see cref="ModelScore.Of"/>).</summary>
    public double Score() => ModelScore.Of(Classes.Select(c => c.Score));
}
