namespace Aegis.Core.Detection;

/// <summary>
/// Median/MAD z-scores: (x − median) / (1.4826 · MAD). The constant makes MAD estimate the
/// standard deviation of normal data, so a score reads like a z-score while one extreme value
/// (the backdoor target) cannot inflate the scale it is measured against — the anomaly index
/// Neural Cleanse uses.
/// </summary>
public static class RobustZScore
{
    public const double NormalConsistency = 1.4826;

    public static double[] Compute(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return [];
        double median = Median(values);
        double mad = Median(values.Select(v => Math.Abs(v - median)).ToArray()) * NormalConsistency;
        if (mad <= 1e-12)
        {
            // More than half the values coincide; scale by the mean absolute deviation instead
            // (× √(π/2), its normal-consistency constant) so a lone outlier still shows.
            mad = values.Average(v => Math.Abs(v - median)) * Math.Sqrt(Math.PI / 2);
        }
        return mad <= 1e-12
            ? new double[values.Count]
            : values.Select(v => (v - median) / mad).ToArray();
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
