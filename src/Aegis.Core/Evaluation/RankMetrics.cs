namespace Aegis.Core.Evaluation;

/// <summary>
/// The ranking metrics of a detector's probabilities against the truth, as the field computes them:
/// ROC-AUC (TrojAI, the Trojan Detection Challenge), average precision (AUPR) and the false-positive
/// rate at 95% true-positive rate (the Trojan Detection Challenge). Each is null when the models do not
/// include both clean and backdoored ones.
/// </summary>
public static class RankMetrics
{
    /// <summary>
    /// The probability that a random backdoored model scores above a random clean one, ties counting
    /// one half (the Mann–Whitney statistic over all clean × backdoored pairs).
    /// </summary>
    public static double? RocAuc(IReadOnlyList<ScoredTruth> models)
    {
        var (positives, negatives) = Split(models);
        if (positives.Length == 0 || negatives.Length == 0)
            return null;
        double wins = 0;
        foreach (double p in positives)
            foreach (double n in negatives)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        return wins / ((double)positives.Length * negatives.Length);
    }

    /// <summary>
    /// The ROC curve: (false-positive rate, true-positive rate) at every distinct score taken as the
    /// line (flag when score ≥ line), from (0, 0) to (1, 1). Tied models enter together, so a tie is a
    /// diagonal step whose area is the half-credit <see cref="RocAuc"/> gives it.
    /// </summary>
    public static IReadOnlyList<(double FalsePositiveRate, double TruePositiveRate)> RocCurve(IReadOnlyList<ScoredTruth> models)
    {
        var (positives, negatives) = Split(models);
        var points = new List<(double, double)> { (0, 0) };
        if (positives.Length == 0 || negatives.Length == 0)
            return points;
        foreach (var (tp, fp) in Cumulative(models))
            points.Add((fp / (double)negatives.Length, tp / (double)positives.Length));
        return points;
    }

    /// <summary>
    /// Average precision, Σ (Rₖ − Rₖ₋₁) · Pₖ over the distinct scores from the highest down (tied models
    /// enter together): the area under the precision–recall steps, as scikit-learn's average_precision_score.
    /// </summary>
    public static double? AveragePrecision(IReadOnlyList<ScoredTruth> models)
    {
        var (positives, negatives) = Split(models);
        if (positives.Length == 0 || negatives.Length == 0)
            return null;
        double area = 0, previousRecall = 0;
        foreach (var (tp, fp) in Cumulative(models))
        {
            double recall = tp / (double)positives.Length;
            area += (recall - previousRecall) * (tp / (double)(tp + fp));
            previousRecall = recall;
        }
        return area;
    }

    /// <summary>
    /// The smallest false-positive rate of any line that flags at least 95% of the backdoored models
    /// (lines at the distinct scores; tied models are flagged together).
    /// </summary>
    public static double? FalsePositiveRateAtRecall(IReadOnlyList<ScoredTruth> models, double recall = 0.95)
    {
        var (positives, negatives) = Split(models);
        if (positives.Length == 0 || negatives.Length == 0)
            return null;
        foreach (var (tp, fp) in Cumulative(models))
        {
            if (tp >= recall * positives.Length - 1e-9)
                return fp / (double)negatives.Length;
        }
        return 1;
    }

    /// <summary>Cumulative (true, false) positives after each distinct score, from the highest down.</summary>
    private static IEnumerable<(int TruePositives, int FalsePositives)> Cumulative(IReadOnlyList<ScoredTruth> models)
    {
        int tp = 0, fp = 0;
        foreach (var group in models.GroupBy(m => m.Score).OrderByDescending(g => g.Key))
        {
            tp += group.Count(m => m.Backdoored);
            fp += group.Count(m => !m.Backdoored);
            yield return (tp, fp);
        }
    }

    private static (double[] Positives, double[] Negatives) Split(IReadOnlyList<ScoredTruth> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Any(m => double.IsNaN(m.Score)))
            throw new ArgumentException("A score is NaN.", nameof(models));
        return (models.Where(m => m.Backdoored).Select(m => m.Score).ToArray(), models.Where(m => !m.Backdoored).Select(m => m.Score).ToArray());
    }
}

/// <summary>A model's score (or probability) and whether it is truly backdoored.</summary>
public readonly record struct ScoredTruth(double Score, bool Backdoored);
