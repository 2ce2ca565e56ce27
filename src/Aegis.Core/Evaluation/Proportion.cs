using MathNet.Numerics.Distributions;

namespace Aegis.Core.Evaluation;

/// <summary>
/// A rate counted over models — successes of trials — with its exact (Clopper–Pearson) 95% interval:
/// the Beta quantiles that a binomial count makes exact, conservative at the sample sizes of a lab
/// (0 of 30 still allows up to 11.6%).
/// </summary>
public sealed record Proportion(int Successes, int Trials)
{
    public const double Confidence = 0.95;

    public double? Rate => Trials == 0 ? null : Successes / (double)Trials;

    public double? Lower => Trials == 0 ? null : Successes == 0 ? 0 : Beta.InvCDF(Successes, Trials - Successes + 1, (1 - Confidence) / 2);

    public double? Upper => Trials == 0 ? null : Successes == Trials ? 1 : Beta.InvCDF(Successes + 1, Trials - Successes, 1 - (1 - Confidence) / 2);
}
