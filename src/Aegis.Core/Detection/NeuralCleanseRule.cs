namespace Aegis.Core.Detection;

/// <summary>
/// Which classes Neural Cleanse calls infected. Both rules are always evaluated so the verdict shows
/// what each says; <see cref="NeuralCleanseParameters.Rule"/> picks the one that decides.
/// <list type="bullet">
/// <item><b>published</b> (Wang et al.): anomaly index of the mask L1 norms — (median − L1) / (1.4826 · MAD) —
/// above 2 for a class below the median.</item>
/// <item><b>log</b> (default): the same robust z-score on log L1 — minus each class's natural offset when a
/// <see cref="NeuralCleanseReference"/> for the training data exists, and then never on a spread narrower than
/// that class's own variation between clean models — above the threshold that keeps the
/// chance of any false flag in a model at 5% (<see cref="NeuralCleanseThreshold"/>: 3.8 for ten classes), and
/// the class's reversed trigger must send most held-out images to it. Mask sizes spread by ratios, not
/// differences, and on the raw scale a mask can be at most median / (1.4826 · MAD) below the median however
/// small it is — which is how a global trigger with by far the smallest mask scores under 2. On the log
/// scale a mask k times smaller than the median scores log k over the spread of log sizes, without that
/// ceiling. The published 2, by contrast, is exceeded by chance in about a third of ten-class models.</item>
/// </list>
/// </summary>
public static class NeuralCleanseRule
{
    public const string Log = "log";
    public const string Published = "published";
    public static readonly IReadOnlyList<string> All = [Log, Published];

    /// <summary>The anomaly index needs a spread to measure against; below this many classes nothing is flagged.</summary>
    public const int MinimumClasses = DecisionRule.MinimumClassesForShiftRule;

    /// <param name="allToAll">The all-to-all row (<see cref="AllToAllReversal"/>); when its matching fires, every class is flagged.</param>
    public static NeuralCleanseDecision Decide(IReadOnlyList<NeuralCleanseTrigger> triggers, NeuralCleanseParameters parameters,
        NeuralCleanseReference? reference = null, AllToAllReversal? allToAll = null)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        bool enough = triggers.Count >= MinimumClasses;
        double? threshold = enough ? parameters.ThresholdFor(triggers.Count) : null;
        var norms = triggers.Select(t => t.MaskL1).ToArray();
        if (norms.Any(n => !double.IsFinite(n) || n < 0))
            throw new ArithmeticException("A reversed mask has a negative or non-finite L1 norm.");
        // Smaller masks are the suspicious side, so the z-score is taken of the negated sizes.
        var published = enough ? RobustZScore.Compute(norms.Select(n => -n).ToArray()) : new double[norms.Length];
        var logNorms = norms.Select(n => Math.Log(Math.Max(n, NeuralCleanseReference.MinimumNorm))).ToArray();
        var logs = enough ? RobustZScore.Compute(logNorms.Select(v => -v).ToArray()) : new double[norms.Length];
        if (reference is not null && triggers.Any(t => t.Label >= reference.Classes))
            throw new ArgumentException($"The Neural Cleanse reference '{reference.Name}' has {reference.Classes} classes; the model's labels go beyond.");
        var offsets = reference?.Offsets();
        var classSpreads = reference?.ClassSpreads();
        var relative = enough && offsets is not null
            ? SmallnessWithFloor(triggers.Select((t, i) => logNorms[i] - offsets[t.Label]).ToArray(), reference!.Spread(),
                triggers.Select(t => classSpreads![t.Label]).ToArray())
            : null;

        var mapping = enough && allToAll is { Reached: true } ? AllToAllRule.FromDestinations(allToAll.Destinations) : AllToAllFinding.None;
        var classes = triggers.Select((t, i) =>
        {
            bool publishedFlag = enough && t.Reached && published[i] > parameters.PublishedThreshold;
            double logDeciding = relative?[i] ?? logs[i];
            bool logFlag = enough && t.Reached && logDeciding > threshold
                && !(t.HeldOutAttackSuccess < parameters.MinHeldOutAttackSuccess);
            double score = !enough ? ModelScore.Floor
                : parameters.Rule == Published ? ModelScore.NeuralCleanse(published[i], parameters.PublishedThreshold, null, 0, t.Reached)
                : ModelScore.NeuralCleanse(logDeciding, threshold!.Value, t.HeldOutAttackSuccess, parameters.MinHeldOutAttackSuccess, t.Reached);
            // An all-to-all trigger maps every class, so every class is flagged when the row's matching fires.
            if (mapping.Detected)
                score = Math.Max(score, AllToAllRule.ClassScore(mapping, t.Label));
            return new NeuralCleanseClass
            {
                Label = t.Label,
                MaskL1 = t.MaskL1,
                AnomalyIndex = published[i],
                LogAnomalyIndex = logs[i],
                ReferenceAnomalyIndex = relative?[i],
                DecidingIndex = parameters.Rule == Published ? published[i] : logDeciding,
                AttackSuccess = t.AttackSuccess,
                HeldOutAttackSuccess = t.HeldOutAttackSuccess,
                Reached = t.Reached,
                Epochs = t.Epochs,
                Cost = t.Cost,
                PublishedSuspicious = publishedFlag,
                Suspicious = (parameters.Rule == Published ? publishedFlag : logFlag) || mapping.Detected,
                Score = score,
            };
        }).OrderBy(c => c.Label).ToArray();

        return new NeuralCleanseDecision
        {
            Rule = parameters.Rule,
            Classes = classes,
            SuspiciousClasses = classes.Where(c => c.Suspicious).Select(c => c.Label).ToArray(),
            PublishedRuleClasses = classes.Where(c => c.PublishedSuspicious).Select(c => c.Label).ToArray(),
            Threshold = threshold,
            Reference = relative is null ? null : reference!.Name,
            Explanation = Explain(parameters, triggers.Count, threshold, relative is null ? null : reference)
                + (enough && allToAll is not null ? " " + AllToAllRule.ExplainDestinations(mapping, allToAll) : ""),
            AllToAll = mapping,
            AllToAllReversal = allToAll,
        };
    }

    /// <summary>
    /// (median − x) / max(1.4826 · MAD, floor, class floor): the robust z-score of smallness, never on a spread
    /// narrower than the reference's pooled one nor than the class's own.
    /// </summary>
    private static double[] SmallnessWithFloor(double[] values, double floor, double[] classFloors)
    {
        double median = RobustZScore.Median(values);
        double mad = RobustZScore.Median(values.Select(v => Math.Abs(v - median)).ToArray()) * RobustZScore.NormalConsistency;
        var scales = classFloors.Select(f => Math.Max(Math.Max(mad, floor), f)).ToArray();
        return scales.All(s => s <= 1e-12)
            ? RobustZScore.Compute(values.Select(v => -v).ToArray())
            : values.Select((v, i) => (median - v) / Math.Max(scales[i], 1e-12)).ToArray();
    }

    private static string Explain(NeuralCleanseParameters parameters, int count, double? threshold, NeuralCleanseReference? reference) =>
        count < MinimumClasses
            ? $"Neural Cleanse compares the reversed trigger sizes of at least {MinimumClasses} classes; only {count} were scanned, so nothing is flagged."
            : parameters.Rule == Published
                ? $"Neural Cleanse as published: a class is infected when the L1 norm of its reversed trigger mask is below the median and its anomaly index, (median − L1) / (1.4826 · MAD) over all classes, exceeds {parameters.PublishedThreshold}."
                : $"Neural Cleanse on log mask sizes: a class is infected when the robust z-score of its log mask L1 norm{(reference is null ? "" : $" minus the class's natural offset in clean models of this dataset (reference '{reference.Name}', {reference.Models.Count} models)")}, (median − x) / (1.4826 · MAD{(reference is null ? "" : ", at least the class's own spread in those models")}), exceeds {threshold:0.##}{(parameters.Threshold is null ? $" (the level a model with {count} normally distributed classes passes by chance with probability {parameters.FalseAlarmRate:P0})" : "")} and its reversed trigger sends at least {parameters.MinHeldOutAttackSuccess:P0} of held-out images of other classes to it.";
}
