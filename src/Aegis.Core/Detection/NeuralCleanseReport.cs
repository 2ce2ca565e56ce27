namespace Aegis.Core.Detection;

/// <summary>
/// Neural Cleanse's part of a verdict (<c>neuralCleanse</c>): the rule and threshold that decided, the
/// published rule's flags beside them, and every class — flagged first, then smallest mask first, the
/// order of its pictures — with the paths of its evidence images.
/// </summary>
public sealed record NeuralCleanseReport
{
    public required string Rule { get; init; }
    /// <summary>Threshold on the deciding index of the log rule (null when too few classes to judge).</summary>
    public double? Threshold { get; init; }
    public double PublishedThreshold { get; init; }
    public double FalseAlarmRate { get; init; }
    /// <summary>The per-dataset reference whose natural class sizes were taken out; null when none matched the data.</summary>
    public string? Reference { get; init; }
    public required string Explanation { get; init; }
    public IReadOnlyList<int> PublishedRuleClasses { get; init; } = [];
    public IReadOnlyList<NeuralCleanseClass> Classes { get; init; } = [];
    /// <summary>Path of the picture with every class's reversed trigger, beside the verdict.</summary>
    public string? Overview { get; init; }
    /// <summary>The all-to-all row, when it ran.</summary>
    public NeuralCleanseAllToAll? AllToAll { get; init; }

    public static NeuralCleanseReport From(NeuralCleanseDecision decision, NeuralCleanseParameters parameters,
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, string>>? artifacts = null, string? overview = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(parameters);
        return new NeuralCleanseReport
        {
            Rule = decision.Rule,
            Threshold = decision.Threshold,
            PublishedThreshold = parameters.PublishedThreshold,
            FalseAlarmRate = parameters.FalseAlarmRate,
            Reference = decision.Reference,
            Explanation = decision.Explanation,
            PublishedRuleClasses = decision.PublishedRuleClasses,
            Classes = Order(decision.Classes).Select(c => artifacts?.GetValueOrDefault(c.Label) is { } paths ? c with { Artifacts = paths } : c).ToArray(),
            Overview = overview,
            AllToAll = decision.AllToAllReversal is { } reversal ? NeuralCleanseAllToAll.From(decision.AllToAll, reversal) : null,
        };
    }

    /// <summary>Flagged classes first, then the rest; within each, smallest mask first.</summary>
    public static IReadOnlyList<NeuralCleanseClass> Order(IEnumerable<NeuralCleanseClass> classes) =>
        classes.OrderByDescending(c => c.Suspicious).ThenBy(c => c.MaskL1).ThenBy(c => c.Label).ToArray();
}
