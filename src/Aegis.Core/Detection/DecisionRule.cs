namespace Aegis.Core.Detection;

/// <summary>
/// Step 5 of AEGIS: which classes are suspicious. Both rules are always evaluated so the verdict
/// can show what each says; <see cref="ScanParameters.Rule"/> picks the one that decides.
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

        bool usePaper = parameters.Rule == DecisionRules.Paper;
        var suspicious = usePaper ? paper : shift;
        string explanation = usePaper
            ? $"Paper rule: a class is suspicious when mean shift finds more than {parameters.PaperClusterLimit} clusters in the t-SNE embedding of its translated and clean features."
            : classes.Count < MinimumClassesForShiftRule
                ? $"Shift rule needs at least {MinimumClassesForShiftRule} classes to measure an anomaly against; only {classes.Count} were scanned, so nothing is flagged."
                : $"Shift rule: a class is suspicious when the distance between its translated and clean feature centroids (in units of the clean spread) is an outlier among all classes: robust z-score (median/MAD) above {parameters.AnomalyThreshold}, and fewer than {parameters.LandingLimit:P0} of its translated images land nearest its own clean feature centroid.";

        return new Decision
        {
            Rule = parameters.Rule,
            SuspiciousClasses = suspicious,
            PaperRuleClasses = paper,
            ShiftRuleClasses = shift,
            AnomalyIndex = index,
            Explanation = explanation,
        };
    }
}
