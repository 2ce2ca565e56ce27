namespace Aegis.Core.Detection;

/// <summary>
/// Step 5 of AEGIS: which classes are suspicious. Every rule is always evaluated so the verdict
/// can show what each says; <see cref="ScanParameters.Rule"/> picks the one that decides. The
/// trigger rule needs the causal check's evidence and keeps the shift rule's flags; without the
/// check (no probe ran) the shift rule decides in its place, and the explanation says so.
/// </summary>
public static class DecisionRule
{
    /// <summary>The anomaly index needs a spread to measure against; below this many classes it is not computed.</summary>
    public const int MinimumClassesForShiftRule = 4;

    public static Decision Decide(IReadOnlyList<ClassAnalysis> classes, ScanParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (!DecisionRules.All.Contains(parameters.Rule))
            throw new ArgumentException($"Unknown decision rule '{parameters.Rule}'; use one of: {string.Join(", ", DecisionRules.All)}.");

        var paper = classes.Where(c => c.ClusterCount > parameters.PaperClusterLimit).Select(c => c.Label).Order().ToArray();

        var index = new Dictionary<int, double>();
        int[] shift = [];
        if (classes.Count >= MinimumClassesForShiftRule)
        {
            var scores = RobustZScore.Compute(classes.Select(c => c.Shift).ToArray());
            for (int i = 0; i < classes.Count; i++)
                index[classes[i].Label] = scores[i];
            // Two pieces of evidence: an outlying shift, and most translations landing outside the class.
            var landing = classes.ToDictionary(c => c.Label, c => c.Landing);
            shift = index
                .Where(kv => kv.Value > parameters.AnomalyThreshold && !(landing[kv.Key] >= parameters.LandingLimit))
                .Select(kv => kv.Key).Order().ToArray();
        }

        // The trigger rule: a patch lifted from the class's translations moves most other classes' images to it.
        var probed = classes.Where(c => c.Trigger is not null).ToArray();
        var trigger = probed.Where(c => c.Trigger!.Flip > parameters.Trigger.Threshold).Select(c => c.Label).Order().ToArray();
        // All-to-all: each class a target from its own origin, invisible to the median over origins.
        var allToAll = probed.Length > 0 ? AllToAllRule.Find(classes, parameters.Trigger) : AllToAllFinding.None;
        int[] allToAllClasses = allToAll.Detected ? allToAll.Classes.ToArray() : [];
        // One trigger that maps classes to classes puts every class at its mercy, not only the pairs it showed.
        int[] allToAllFlags = allToAll.Detected ? classes.Select(c => c.Label).ToArray() : [];

        string rule = parameters.Rule == DecisionRules.Trigger && probed.Length == 0 ? DecisionRules.Shift : parameters.Rule;
        var suspicious = rule switch
        {
            DecisionRules.Paper => paper,
            // The shift rule's flags stand beside the causal ones: a trigger spread over the image (a blend)
            // fits no small patch, and both shift conditions together have not flagged a clean model.
            DecisionRules.Trigger => trigger.Union(shift).Union(allToAllFlags).Order().ToArray(),
            _ => shift,
        };
        string explanation = rule switch
        {
            DecisionRules.Paper => $"Paper rule: a class is suspicious when mean shift finds more than {parameters.PaperClusterLimit} clusters in the t-SNE embedding of its translated and clean features.",
            DecisionRules.Trigger => $"Trigger rule: a class is suspicious when a patch of {parameters.Trigger.MaskFraction:P0} of the image, lifted from the images translated toward it, makes the model call it more than {parameters.Trigger.Threshold:P0} of the held-out images of the median other class (an attack success rate; the largest rate a one-sided binomial test of {parameters.Trigger.ProbesPerClass} images does not reject at {parameters.Trigger.Significance} under the null that an innocent patch moves at most {parameters.Trigger.NullFlipRate:P0}); a class the shift rule flags (both of its conditions) is suspicious too.",
            _ when classes.Count < MinimumClassesForShiftRule => $"Shift rule needs at least {MinimumClassesForShiftRule} classes to measure an anomaly against; only {classes.Count} were scanned, so nothing is flagged.",
            _ => $"Shift rule: a class is suspicious when the distance between its translated and clean feature centroids (in units of the clean spread) is an outlier among all classes: robust z-score (median/MAD) above {parameters.AnomalyThreshold}, and fewer than {parameters.LandingLimit:P0} of its translated images land nearest its own clean feature centroid.",
        };
        if (rule != parameters.Rule)
            explanation = "No trigger check ran (it needs the model), so the shift rule decided. " + explanation;
        if (rule == DecisionRules.Trigger)
            explanation += " " + AllToAllRule.Explain(allToAll);
        var classScores = classes.ToDictionary(c => c.Label, c => ClassScore(c, rule, index, parameters, allToAll));

        return new Decision
        {
            Rule = rule,
            SuspiciousClasses = suspicious,
            PaperRuleClasses = paper,
            ShiftRuleClasses = shift,
            TriggerRuleClasses = trigger,
            AllToAllClasses = rule == DecisionRules.Trigger ? allToAllClasses : [],
            AllToAll = rule == DecisionRules.Trigger && allToAll.Detected,
            AnomalyIndex = index,
            Explanation = explanation,
            ClassScores = classScores,
        };
    }

    /// <summary>The evidence of the rules that decide, beyond their lines (<see cref="ModelScore"/>).</summary>
    private static double ClassScore(ClassAnalysis c, string rule, IReadOnlyDictionary<int, double> index, ScanParameters parameters, AllToAllFinding allToAll)
    {
        // A fired all-to-all matching: a matched class's origin share beyond its line, every class at least the matching's.
        double? matched = allToAll.Detected ? AllToAllRule.ClassScore(allToAll, c.Label) : null;
        double? shift = index.TryGetValue(c.Label, out var i) ? ModelScore.Shift(i, parameters.AnomalyThreshold, c.Landing, parameters.LandingLimit) : null;
        double? trigger = c.Trigger is { } t ? ModelScore.Trigger(t.Flip, parameters.Trigger.Threshold) : null;
        IEnumerable<double?> deciding = rule switch
        {
            DecisionRules.Paper => [ModelScore.Paper(c.ClusterCount, parameters.PaperClusterLimit)],
            DecisionRules.Trigger => [trigger, shift, matched],
            _ => [shift],
        };
        return ModelScore.Of(deciding.OfType<double>());
    }
}
