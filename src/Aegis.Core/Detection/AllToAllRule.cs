namespace Aegis.Core.Detection;

/// <summary>What the all-to-all rule found: the classes whose own origin flips, and whether they are enough.</summary>
public sealed record AllToAllFinding
{
    public static readonly AllToAllFinding None = new();

    /// <summary>Enough classes, each with its own origin, flip beyond the line: the backdoor maps classes to classes.</summary>
    public bool Detected { get; init; }
    /// <summary>The classes in the matching (each with a distinct origin beyond its line), by label.</summary>
    public IReadOnlyList<int> Classes { get; init; } = [];
    /// <summary>Per matched class, the origin class whose images its patch moves.</summary>
    public IReadOnlyDictionary<int, int> Origins { get; init; } = new Dictionary<int, int>();
    /// <summary>Per matched class, the flip rate its origin's line is (the largest rate the test does not reject).</summary>
    public IReadOnlyDictionary<int, double> Lines { get; init; } = new Dictionary<int, double>();
    /// <summary>Matched classes the rule needs: half of the scanned classes, rounded up.</summary>
    public int Needed { get; init; }
}

/// <summary>
/// All-to-all backdoors (a triggered image of class y goes to another class, e.g. y + 1): every class is a
/// target, but each from a single origin, so the trigger rule's median over origins sees nothing. The
/// evidence is structural. For each class, <see cref="TriggerEvidence.PeakFlip"/> is the largest fraction
/// of one origin's held-out images any of its lifted patches moved to it. The null is a clean model's
/// natural confusion: a small patch moves at most <see cref="NeighbourFlipRate"/> of the images of the
/// class's nearest neighbour (Fashion-MNIST's tops and footwear reach 0.3–0.6 in the clean robust models
/// measured; a backdoor's own origin flips at nearly 1). A class passes when a one-sided binomial test of
/// its peak (its origin's probes as trials) rejects that null at the trigger rule's significance divided by
/// the origins and patches tried (Bonferroni), and the rule fires when at least half of the scanned classes
/// pass with pairwise distinct origins (a matching, greedy by flip): natural confusions are a few pairs,
/// several of them from the same origin (shirts feed both T-shirts and pullovers), never a matching over
/// half the classes. Under the null each class passes with probability at most the significance, so half
/// of ten classes passing at once is far rarer still; the bound needs no fitted number.
/// </summary>
public static class AllToAllRule
{
    /// <summary>The null: an innocent patch moves at most half of one neighbouring class's images.</summary>
    public const double NeighbourFlipRate = 0.5;

    /// <summary>The share of scanned classes that must pass, each with its own origin.</summary>
    public const double ClassFraction = 0.5;

    public static AllToAllFinding Find(IReadOnlyList<ClassAnalysis> classes, TriggerProbeParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(parameters);
        if (classes.Count < DecisionRule.MinimumClassesForShiftRule)
            return AllToAllFinding.None;
        int needed = (int)Math.Ceiling(ClassFraction * classes.Count);

        var passing = classes
            .Where(c => c.Trigger is { PeakOrigin: int } t && t.PeakProbes > 0 && t.PeakFlip > Line(t, parameters))
            .OrderByDescending(c => c.Trigger!.PeakFlip).ThenBy(c => c.Label);
        var origins = new Dictionary<int, int>();
        var lines = new Dictionary<int, double>();
        foreach (var c in passing)
        {
            int origin = c.Trigger!.PeakOrigin!.Value;
            if (origins.ContainsValue(origin))
                continue;
            origins[c.Label] = origin;
            lines[c.Label] = Line(c.Trigger, parameters);
        }
        return new AllToAllFinding
        {
            Detected = origins.Count >= needed,
            Classes = origins.Keys.Order().ToArray(),
            Origins = origins,
            Lines = lines,
            Needed = needed,
        };
    }

    /// <summary>The largest peak flip the class's test does not reject (as <see cref="TriggerProbeParameters.BinomialThreshold"/>).</summary>
    public static double Line(TriggerEvidence evidence, TriggerProbeParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(parameters);
        int tests = Math.Max(1, evidence.OriginFlip.Count) * Math.Max(1, evidence.Candidates);
        return TriggerProbeParameters.BinomialThreshold(Math.Max(1, evidence.PeakProbes), NeighbourFlipRate, parameters.Significance / tests);
    }

    public static string Explain(AllToAllFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        string pairs = string.Join(", ", finding.Classes.Select(c => $"{finding.Origins[c]}→{c}"));
        return finding.Detected
            ? $"All-to-all: {finding.Classes.Count} classes (at least {finding.Needed} needed) each have their own origin class whose held-out images a lifted patch moves to them beyond what a natural neighbour allows ({pairs}); the backdoor maps classes to classes, so every class of the matching is a target."
            : $"All-to-all rule: a class passes when a lifted patch moves one origin's held-out images beyond a binomial test of a natural neighbour's {NeighbourFlipRate:P0}; {finding.Classes.Count} classes pass with distinct origins{(finding.Classes.Count > 0 ? $" ({pairs})" : "")}, fewer than the {finding.Needed} needed.";
    }
}
