using MathNet.Numerics;

namespace Aegis.Core.Statistics;

/// <summary>
/// MM-BD's detection test (Wang et al., S&amp;P 2024; <c>univ_bd.py</c>): fit a Gamma null to all the
/// statistics but the largest (<see cref="GammaFit"/>) and ask how likely the largest of K draws from
/// that null is to reach the largest statistic: p = 1 − F(max)^K. The published code computes the same
/// quantity as <c>1 - pow(gamma.cdf(r_eval), K)</c>; here it is −expm1(K·log1p(−S(max))) from the
/// survival function S, equal in exact arithmetic and not rounded to 0 below 1e-16.
/// </summary>
public static class LargestOutlierTest
{
    /// <param name="Index">Where the largest statistic is in the input (the first, if several are equal).</param>
    /// <param name="Null">The Gamma fitted to the others.</param>
    public sealed record Result(int Index, double Largest, double PValue, GammaDistribution Null);

    public static Result Run(IReadOnlyList<double> statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Count < 3)
            throw new ArgumentException("The test needs at least three statistics (two for the null).", nameof(statistics));
        int index = 0;
        for (int i = 1; i < statistics.Count; i++)
        {
            if (statistics[i] > statistics[index])
                index = i;
        }
        double largest = statistics[index];
        var others = statistics.Where((_, i) => i != index).ToArray();
        var fitted = GammaFit.Fit(others);
        double survival = fitted.Survival(largest);
        double p = survival >= 1 ? 1 : -SpecialFunctions.Expm1(statistics.Count * Log1PlusNegative(survival));
        return new Result(index, largest, Math.Clamp(p, 0, 1), fitted);
    }

    /// <summary>log(1 − s), by its series where 1 − s would lose the digits of a small s.</summary>
    private static double Log1PlusNegative(double s) =>
        s < 1e-4 ? -(s + s * s / 2 + s * s * s / 3 + s * s * s * s / 4) : Math.Log(1 - s);
}
