using System.Collections.Concurrent;

namespace Aegis.Core.Detection;

/// <summary>
/// The anomaly-index threshold that holds a model's family-wise false-alarm rate at a stated level.
/// With few classes the MAD is itself a noisy estimate of the spread, so the largest robust z-score of
/// n perfectly normal values is large by chance: for 10 classes it exceeds 2 (the published threshold) in
/// about a third of clean models and 3 in about 12%. The threshold here is the (1 − α) quantile of
/// max_i (median − x_i) / (1.4826 · MAD) over n standard normal draws — the chance that a model whose
/// n log mask norms are normally distributed has any class flagged is α — computed once per (n, α) by a
/// seeded Monte Carlo (about 3.9 for 10 classes at α = 5%).
/// </summary>
public static class NeuralCleanseThreshold
{
    private const int Draws = 40_000;
    private static readonly ConcurrentDictionary<(int, double), double> Cache = new();

    public static double ForFalseAlarmRate(int classes, double falseAlarmRate)
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A threshold across classes needs at least two of them.");
        if (!(falseAlarmRate > 0) || falseAlarmRate >= 1)
            throw new ArgumentOutOfRangeException(nameof(falseAlarmRate), falseAlarmRate, "The false-alarm rate must be in (0,1).");
        return Cache.GetOrAdd((classes, falseAlarmRate), key => Simulate(key.Item1, key.Item2));
    }

    private static double Simulate(int classes, double falseAlarmRate)
    {
        var random = new Random(classes);
        var maxima = new double[Draws];
        var values = new double[classes];
        var deviations = new double[classes];
        for (int d = 0; d < Draws; d++)
        {
            for (int i = 0; i < classes; i++)
                values[i] = StandardNormal(random);
            maxima[d] = LargestSmallness(values, deviations);
        }
        Array.Sort(maxima);
        return maxima[(int)Math.Ceiling((1 - falseAlarmRate) * Draws) - 1];
    }

    /// <summary>max_i (median − x_i) / (1.4826 · MAD), as <see cref="RobustZScore"/> computes it, without its allocations (this runs 40 000 times).</summary>
    private static double LargestSmallness(double[] values, double[] deviations)
    {
        Array.Sort(values);
        double median = SortedMedian(values);
        for (int i = 0; i < values.Length; i++)
            deviations[i] = Math.Abs(values[i] - median);
        Array.Sort(deviations);
        return (median - values[0]) / (SortedMedian(deviations) * RobustZScore.NormalConsistency);
    }

    private static double SortedMedian(double[] sorted)
    {
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Box–Muller.</summary>
    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
