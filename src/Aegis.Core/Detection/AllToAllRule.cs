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
    /// <summary>Per matched class, the share of its origin's images sent to it.</summary>
    public IReadOnlyDictionary<int, double> Rates { get; init; } = new Dictionary<int, double>();
    /// <summary>Per matched class, the flip rate its origin's line is (the largest rate the test does not reject).</summary>
    public IReadOnlyDictionary<int, double> Lines { get; init; } = new Dictionary<int, double>();
    /// <summary>Matched classes the rule needs: half of the scanned classes, rounded up.</summary>
    public int Needed { get; init; }
    /// <summary>The one patch whose stamp made the matching ("class 7 cluster-1"); null when each class's own peak did.</summary>
    public string? Source { get; init; }
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
/// The same matching is asked of each lifted patch on its own (<see cref="FromDestinations"/> on where its stamp
/// sends every class, <see cref="TriggerEvidence.Matching"/>): one all-to-all trigger grown by the translations
/// toward any one target moves each class to its own target at once, where the per-class peaks need a patch
/// grown toward every target. Neural Cleanse's all-to-all row gives the same kind of evidence from the other
/// side: per origin, the one class its stamped held-out images go to most.
/// </summary>
public static class AllToAllRule
{
    /// <summary>The null: an innocent patch moves at most half of one neighbouring class's images.</summary>
    public const double NeighbourFlipRate = 0.5;

    /// <summary>The share of an origin's images one trigger (a patch, Neural Cleanse's row) must send to one class for the pair to count.</summary>
    public const double MajorityShare = 0.5;

    /// <summary>The share of scanned classes that must pass, each with its own origin.</summary>
    public const double ClassFraction = 0.5;

    public static AllToAllFinding Find(IReadOnlyList<ClassAnalysis> classes, TriggerProbeParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(parameters);
        if (classes.Count < DecisionRule.MinimumClassesForShiftRule)
            return AllToAllFinding.None;
        var peaks = Match(classes
            .Where(c => c.Trigger is { PeakOrigin: int } t && t.PeakProbes > 0)
            .Select(c => new AllToAllPair(c.Label, c.Trigger!.PeakOrigin!.Value, c.Trigger.PeakFlip, Line(c.Trigger, parameters))), classes.Count);
        // One patch's own matching: the all-to-all trigger lifted from any one target's translations. A matching that
        // names a class this scan left out is not counted: the verdict flags only scanned classes.
        var scanned = classes.Select(c => c.Label).ToHashSet();
        var patch = classes.Select(c => c.Trigger?.Matching ?? AllToAllFinding.None)
            .Where(f => f.Classes.All(scanned.Contains))
            .MaxBy(f => f.Classes.Count) ?? AllToAllFinding.None;
        return Stronger(patch, peaks);
    }

    /// <summary>The finding that fired, else the larger matching; the per-class peaks on a tie.</summary>
    private static AllToAllFinding Stronger(AllToAllFinding patch, AllToAllFinding peaks) =>
        patch.Detected != peaks.Detected ? (patch.Detected ? patch : peaks)
        : patch.Classes.Count > peaks.Classes.Count ? patch : peaks;

    /// <summary>
    /// The same matching on where one trigger sends each class (Neural Cleanse's all-to-all row): per origin, the class
    /// that receives most of its stamped held-out images (<paramref name="destinations"/>[origin][class], counts) counts
    /// when it takes a majority of them (<see cref="MajorityShare"/>), and the matching needs half of the classes, each
    /// reached from its own origin. Not the binomial line of a patch's peak: the row is one universal trigger, and in clean
    /// and one-target models it sends most classes to the same one or two classes at any rate — what it cannot make by
    /// chance is a matching (measured in research/attacks.md: at most 3 distinct majority destinations in 95 such models).
    /// </summary>
    public static AllToAllFinding FromDestinations(IReadOnlyList<IReadOnlyList<int>> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        int classes = destinations.Count;
        if (classes < DecisionRule.MinimumClassesForShiftRule)
            return AllToAllFinding.None;
        var pairs = new List<AllToAllPair>();
        for (int origin = 0; origin < classes; origin++)
        {
            var row = destinations[origin];
            if (row.Count != classes || row.Any(n => n < 0))
                throw new ArgumentException($"Destinations of class {origin} must be {classes} counts, none negative.", nameof(destinations));
            int images = row.Sum();
            if (images == 0)
                continue;
            int target = Enumerable.Range(0, classes).Where(t => t != origin).MaxBy(t => row[t]);
            pairs.Add(new AllToAllPair(target, origin, row[target] / (double)images, MajorityShare));
        }
        return Match(pairs, classes);
    }

    /// <summary>Greedy by rate over the pairs beyond their lines, each origin and each target used once.</summary>
    private static AllToAllFinding Match(IEnumerable<AllToAllPair> pairs, int classes)
    {
        var origins = new Dictionary<int, int>();
        var rates = new Dictionary<int, double>();
        var lines = new Dictionary<int, double>();
        foreach (var pair in pairs.Where(p => p.Rate > p.Line).OrderByDescending(p => p.Rate).ThenBy(p => p.Target))
        {
            if (origins.ContainsKey(pair.Target) || origins.ContainsValue(pair.Origin))
                continue;
            origins[pair.Target] = pair.Origin;
            rates[pair.Target] = pair.Rate;
            lines[pair.Target] = pair.Line;
        }
        int needed = (int)Math.Ceiling(ClassFraction * classes);
        return new AllToAllFinding
        {
            Detected = origins.Count >= needed,
            Classes = origins.Keys.Order().ToArray(),
            Origins = origins,
            Rates = rates,
            Lines = lines,
            Needed = needed,
        };
    }

    /// <summary>
    /// What a fired matching says of every class: the matching fires on its <see cref="AllToAllFinding.Needed"/> strongest
    /// pairs, so the weakest of those, beyond its line (<see cref="ModelScore.Trigger"/>), is what the model-level claim rests
    /// on — the score of a class the all-to-all trigger maps without a pair of its own in the matching.
    /// <see cref="ModelScore.Floor"/> when the matching did not fire.
    /// </summary>
    public static double Score(AllToAllFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!finding.Detected || finding.Needed <= 0)
            return ModelScore.Floor;
        return finding.Classes.Select(c => ModelScore.Trigger(finding.Rates[c], finding.Lines[c])).OrderDescending().ElementAt(finding.Needed - 1);
    }

    /// <summary>A class's all-to-all score: its own pair's when it has one in the fired matching, never below the matching's own.</summary>
    public static double ClassScore(AllToAllFinding finding, int label)
    {
        ArgumentNullException.ThrowIfNull(finding);
        double own = finding.Detected && finding.Rates.TryGetValue(label, out var rate) ? ModelScore.Trigger(rate, finding.Lines[label]) : ModelScore.Floor;
        return Math.Max(own, Score(finding));
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
        if (finding.Source is { } source)
        {
            string shares = string.Join(", ", finding.Classes.Select(c => $"{finding.Origins[c]}→{c} {finding.Rates[c]:P0}"));
            return finding.Detected
                ? $"All-to-all: one patch ({source}) sends the majority of each of {finding.Classes.Count} classes' held-out images (at least {finding.Needed} classes needed) to a class of its own ({shares}): an all-to-all trigger maps every class to another, so every class is flagged (the matching lists the pairs the model learned well enough to show)."
                : $"All-to-all rule: the best single patch ({source}) sends the majority of {finding.Classes.Count} classes' held-out images to classes of their own ({shares}), fewer than the {finding.Needed} needed; no class's peak origin does better.";
        }
        string pairs = string.Join(", ", finding.Classes.Select(c => $"{finding.Origins[c]}→{c}"));
        return finding.Detected
            ? $"All-to-all: {finding.Classes.Count} classes (at least {finding.Needed} needed) each have their own origin class whose held-out images a lifted patch moves to them beyond what a natural neighbour allows ({pairs}): an all-to-all trigger maps every class to another, so every class is flagged (the matching lists the pairs the model learned well enough to show)."
            : $"All-to-all rule: a class passes when a lifted patch moves one origin's held-out images beyond a binomial test of a natural neighbour's {NeighbourFlipRate:P0}, or one patch sends the majority of half the classes' images each to a class of its own; {finding.Classes.Count} classes pass with distinct origins{(finding.Classes.Count > 0 ? $" ({pairs})" : "")}, fewer than the {finding.Needed} needed.";
    }

    /// <summary>Neural Cleanse's all-to-all row, said as <see cref="Explain"/> says the lifted patches'.</summary>
    public static string ExplainDestinations(AllToAllFinding finding, AllToAllReversal reversal)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(reversal);
        string pairs = string.Join(", ", finding.Classes.Select(c => $"{finding.Origins[c]}→{c} {finding.Rates[c]:P0}"));
        string trigger = $"the smallest trigger that sends images away from their own class (mask L1 {reversal.MaskL1:0.#})";
        return finding.Detected
            ? $"All-to-all: {trigger} sends the majority of each of {finding.Classes.Count} classes' images (at least {finding.Needed} classes needed) to a class of its own ({pairs}): an all-to-all trigger maps every class to another, so every class is flagged (the matching lists the pairs the model learned well enough to show)."
            : !reversal.Reached
                ? $"All-to-all row: no trigger sent enough images away from their own class; nothing maps classes to classes."
                : $"All-to-all row: {trigger} sends the majority of {finding.Classes.Count} classes' images to classes of their own{(finding.Classes.Count > 0 ? $" ({pairs})" : "")}, fewer than the {finding.Needed} needed.";
    }

    /// <summary>One origin's images a trigger sends to one target, and the rate the pair must exceed to count.</summary>
    private readonly record struct AllToAllPair(int Target, int Origin, double Rate, double Line);
}
