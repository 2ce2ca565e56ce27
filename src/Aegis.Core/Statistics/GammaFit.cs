using MathNet.Numerics;

namespace Aegis.Core.Statistics;

/// <summary>A three-parameter Gamma distribution: shape a, location, scale.</summary>
public sealed record GammaDistribution(double Shape, double Location, double Scale)
{
    /// <summary>P(X ≤ x): the regularized lower incomplete gamma of (x − loc)/scale.</summary>
    public double Cdf(double x) => x <= Location ? 0 : SpecialFunctions.GammaLowerRegularized(Shape, (x - Location) / Scale);

    /// <summary>P(X &gt; x), computed directly so a far tail keeps its digits.</summary>
    public double Survival(double x) => x <= Location ? 1 : SpecialFunctions.GammaUpperRegularized(Shape, (x - Location) / Scale);
}

/// <summary>
/// The maximum-likelihood Gamma fit with a free location, as <c>scipy.stats.gamma.fit(data)</c> makes
/// it (SciPy 1.10, the generic <c>rv_continuous.fit</c>): the start is the shape from the sample skewness,
/// a = 4 / (1e-8 + skew²), with location and scale from the first two moments (moved below the data
/// when the moments put the location above the smallest point: loc = min − 10% of the range, scale 1);
/// then SciPy's Nelder–Mead (<see cref="NelderMead"/>) minimises the penalised negative log-likelihood,
/// n·log(scale) − Σ log pdf((x − loc)/scale; a), where each point outside the support (or of
/// non-finite density) costs 100·log(max double) instead of its log density.
/// </summary>
public static class GammaFit
{
    private static readonly double Penalty = 100 * Math.Log(double.MaxValue);

    public static GammaDistribution Fit(IReadOnlyList<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count < 2 || data.Any(v => !double.IsFinite(v)))
            throw new ArgumentException("A Gamma fit needs at least two finite values.", nameof(data));
        var values = data.ToArray();
        var start = Start(values);
        var best = NelderMead.Minimize(theta => PenalizedNegativeLogLikelihood(theta, values), start);
        if (!(best[0] > 0) || !(best[2] > 0) || best.Any(v => !double.IsFinite(v)))
            throw new ArithmeticException("The Gamma fit converged outside the distribution's parameters.");
        return new GammaDistribution(best[0], best[1], best[2]);
    }

    /// <summary>SciPy's start: the shape from the skewness, location and scale from the mean and variance, kept below the data.</summary>
    public static double[] Start(IReadOnlyList<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        double mean = data.Average();
        double m2 = data.Average(v => (v - mean) * (v - mean));
        double m3 = data.Average(v => (v - mean) * (v - mean) * (v - mean));
        double skew = m3 / Math.Pow(m2, 1.5);
        double shape = 4 / (1e-8 + skew * skew);
        // A Gamma(a) has mean a and variance a.
        double scale = Math.Sqrt(m2 / shape);
        double location = mean - scale * shape;
        if (!double.IsFinite(location))
            location = 0;
        if (!(double.IsFinite(scale) && scale > 0))
            scale = 1;
        double min = data.Min(), max = data.Max();
        if (location < min)
            return [shape, location, scale];
        return [shape, min - (max - min) * 0.1, 1];
    }

    /// <summary>SciPy's <c>_penalized_nnlf</c> for the Gamma at θ = (a, loc, scale).</summary>
    public static double PenalizedNegativeLogLikelihood(IReadOnlyList<double> theta, IReadOnlyList<double> data)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(data);
        double shape = theta[0], location = theta[1], scale = theta[2];
        if (!(shape > 0) || !(scale > 0))
            return double.PositiveInfinity;
        double logGamma = SpecialFunctions.GammaLn(shape);
        double sum = 0;
        int bad = 0;
        foreach (var value in data)
        {
            double x = (value - location) / scale;
            double logPdf = x > 0 && double.IsFinite(x) ? (shape - 1) * Math.Log(x) - x - logGamma : double.NaN;
            if (double.IsFinite(logPdf))
                sum -= logPdf;
            else
                bad++;
        }
        return sum + bad * Penalty + data.Count * Math.Log(scale);
    }
}
