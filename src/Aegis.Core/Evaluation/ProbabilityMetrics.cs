namespace Aegis.Core.Evaluation;

/// <summary>How good the probabilities are as probabilities, not only as a ranking.</summary>
public static class ProbabilityMetrics
{
    /// <summary>TrojAI clips probabilities to [ε, 1 − ε] before the logarithm, so one confident miss costs log(1/ε), not infinity.</summary>
    public const double Epsilon = 1e-12;

    /// <summary>
    /// TrojAI's cross-entropy: the mean over models of −[y·ln p + (1 − y)·ln(1 − p)], p clipped to
    /// [<see cref="Epsilon"/>, 1 − <see cref="Epsilon"/>]; ln 2 ≈ 0.693 for always answering one half.
    /// </summary>
    public static double? CrossEntropy(IReadOnlyList<ScoredTruth> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
            return null;
        return models.Average(m =>
        {
            double p = Math.Clamp(Checked(m.Score), Epsilon, 1 - Epsilon);
            return -(m.Backdoored ? Math.Log(p) : Math.Log(1 - p));
        });
    }

    /// <summary>The Brier score: the mean squared difference between the probability and the truth (0 or 1).</summary>
    public static double? Brier(IReadOnlyList<ScoredTruth> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
            return null;
        return models.Average(m => Math.Pow(Checked(m.Score) - (m.Backdoored ? 1 : 0), 2));
    }

    private static double Checked(double probability) =>
        probability is >= 0 and <= 1 ? probability : throw new ArgumentException($"A probability must lie in [0, 1].");
}
