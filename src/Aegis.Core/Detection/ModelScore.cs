namespace Aegis.Core.Detection;

/// <summary>
/// The model-level score: how far the deciding rule's strongest evidence lies beyond its line, in
/// units of that line, so 0 is the verdict's threshold for every rule and a class any rule flags
/// scores above 0. Per class, each rule's evidence is its relative margin, (value − threshold) /
/// threshold, with the sign turned so that more suspicious is higher:
/// <list type="bullet">
/// <item>trigger rule: (flip − θ) / θ;</item>
/// <item>shift rule, which needs both conditions: the smaller of (index − 3) / 3 and (½ − landing) / ½;</item>
/// <item>paper rule: (clusters − limit − ½) / (limit + ½), the line half-way between two counts;</item>
/// <item>all-to-all (the robust track's lifted patches, Neural Cleanse's all-to-all row): a matched class's share of its origin beyond its line, as the trigger rule's;</item>
/// <item>MM-BD: (−log10 p − (−log10 α)) / (−log10 α), its p-value against the significance on a log scale (<see cref="MmBd"/>);</item>
/// <item>Neural Cleanse: the smaller of (index − θ) / θ and (held-out success − ½) / ½, −1 for a class whose reversal did not reach its attack success.</item>
/// </list>
/// A class's score is the largest of the rules that decide (the trigger rule keeps the shift rule's
/// flags, so both count there); the model's is its largest class's. Scores are floored at −1, where
/// flips and landings already end ("no evidence at all"): below it a number says nothing more about
/// a backdoor, and a scan that measured nothing (too few classes) scores exactly −1.
/// </summary>
public static class ModelScore
{
    /// <summary>The least a score can be: no evidence toward a backdoor.</summary>
    public const double Floor = -1;

    /// <summary>The trigger rule's evidence for a class: a flip above the threshold scores above 0.</summary>
    public static double Trigger(double flip, double threshold) => Floored(Relative(flip, threshold));

    /// <summary>The shift rule's: both conditions must hold, so the weaker one scores; a class without a landing has only the index.</summary>
    public static double Shift(double anomalyIndex, double anomalyThreshold, double? landing, double landingLimit)
    {
        if (double.IsNaN(anomalyIndex))
            return Floor;
        double index = Relative(anomalyIndex, anomalyThreshold);
        return Floored(landing is double l ? Math.Min(index, Relative(landingLimit, l, landingLimit)) : index);
    }

    /// <summary>The paper's rule: more than <paramref name="limit"/> clusters scores above 0.</summary>
    public static double Paper(int clusters, int limit) => Floored(Relative(clusters, limit + 0.5));

    /// <summary>Neural Cleanse's: an index above the threshold, a reversed trigger that works on held-out images, an optimisation that reached its goal.</summary>
    public static double NeuralCleanse(double decidingIndex, double threshold, double? heldOutAttackSuccess, double minHeldOut, bool reached)
    {
        if (!reached || double.IsNaN(decidingIndex))
            return Floor;
        double index = Relative(decidingIndex, threshold);
        return Floored(heldOutAttackSuccess is double held ? Math.Min(index, Relative(held, minHeldOut)) : index);
    }

    /// <summary>
    /// MM-BD's: −log10 of the test's p-value against −log10 of its significance, so p at the line scores 0,
    /// p ten times smaller scores 1/log10(1/α) more, and p = 1 scores −1. A p-value that underflows to 0 is
    /// taken at the smallest double (a score near 247 at α = 0.05).
    /// </summary>
    public static double MmBd(double? pValue, double significance)
    {
        if (pValue is not double p || double.IsNaN(p))
            return Floor;
        return Floored(Relative(-Math.Log10(Math.Max(p, double.Epsilon)), -Math.Log10(significance)));
    }

    /// <summary>The input-gate probe's: the most changed answers of any change beyond its line, (rate − line) / line.</summary>
    public static double InputGate(InputGateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Changes.Select(c => Floored(Relative(c.Rate, report.Threshold))).DefaultIfEmpty(Floor).Max();
    }

    /// <summary>The model's score: its largest class score, or <see cref="Floor"/> when no class was scored.</summary>
    public static double Of(IEnumerable<double> classScores)
    {
        ArgumentNullException.ThrowIfNull(classScores);
        return classScores.Where(s => !double.IsNaN(s)).DefaultIfEmpty(Floor).Max();
    }

    /// <summary>
    /// A class's score over several runs decided by majority (more than half must flag it): the
    /// (⌊n/2⌋ + 1)-th largest run score, which is above 0 exactly when more than half of the runs are.
    /// </summary>
    public static double Majority(IReadOnlyList<double> runScores)
    {
        ArgumentNullException.ThrowIfNull(runScores);
        if (runScores.Count == 0)
            return Floor;
        return runScores.OrderDescending().ElementAt(runScores.Count / 2);
    }

    /// <summary>(value − line) / |line|, the margin in units of the line (a line at 0 measures in plain units).</summary>
    private static double Relative(double value, double line) => (value - line) / Scale(line);

    /// <summary>The margin of a "below the line" condition: (line − value) / |line|.</summary>
    private static double Relative(double line, double value, double scale) => (line - value) / Scale(scale);

    private static double Scale(double line) => Math.Abs(line) > 1e-12 ? Math.Abs(line) : 1;

    private static double Floored(double score) => double.IsNaN(score) ? Floor : Math.Max(Floor, score);
}
