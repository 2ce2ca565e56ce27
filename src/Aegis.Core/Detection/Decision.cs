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
    /// <summary>Classes in the all-to-all rule's matching when it fired (<see cref="AllToAllRule"/>), the pairs it showed; empty otherwise. Every scanned class is suspicious then.</summary>
    public IReadOnlyList<int> AllToAllClasses { get; init; } = [];
    /// <summary>The all-to-all rule fired: the backdoor maps classes to classes rather than all to one.</summary>
    public bool AllToAll { get; init; }
    /// <summary>Robust z-score of each class's shift, by label.</summary>
    public required IReadOnlyDictionary<int, double> AnomalyIndex { get; init; }
    public required string Explanation { get; init; }
    /// <summary>Per class, the deciding rule's evidence beyond its line (<see cref="ModelScore"/>); above 0 exactly for the suspicious classes.</summary>
    public IReadOnlyDictionary<int, double> ClassScores { get; init; } = new Dictionary<int, double>();
    /// <summary>Independent runs the decision combines (<see cref="ScanParameters.Runs"/>).</summary>
    public int Runs { get; init; } = 1;
    /// <summary>Per class, how many of the runs flagged it; empty for a single run.</summary>
    public IReadOnlyDictionary<int, int> RunsFlagging { get; init; } = new Dictionary<int, int>();

    public bool Backdoored => SuspiciousClasses.Count > 0;

    /// <summary>The model's score: its largest class score (<see cref="ModelScore.Of"/>).</summary>
    public double Score() => ModelScore.Of(ClassScores.Values);
}
