namespace Aegis.Core.Detection;

/// <summary>The outcome of a decision rule over all scanned classes.</summary>
public sealed record Decision
{
    public required string Rule { get; init; }
    /// <summary>Classes flagged by <see cref="Rule"/>.</summary>
    public required IReadOnlyList<int> SuspiciousClasses { get; init; }
    /// <summary>Classes with more than two clusters (the paper's rule), whatever rule decided.</summary>
    public required IReadOnlyList<int> PaperRuleClasses { get; init; }
    /// <summary>Classes whose translation shift is anomalous, whatever rule decided.</summary>
    public required IReadOnlyList<int> ShiftRuleClasses { get; init; }
    /// <summary>Classes whose lifted patch flips more than the threshold, whatever rule decided (empty when no probe ran).</summary>
    public IReadOnlyList<int> TriggerRuleClasses { get; init; } = [];
    /// <summary>Robust z-score of each class's shift, by label.</summary>
    public required IReadOnlyDictionary<int, double> AnomalyIndex { get; init; }
    public required string Explanation { get; init; }

    public bool Backdoored => SuspiciousClasses.Count > 0;
}
