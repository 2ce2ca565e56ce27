using System.Runtime.CompilerServices;

namespace Aegis.Core.Embedding;

/// <summary>
/// The binary search of scikit-learn's <c>_binary_search_perplexity</c>: for one point, finds the
/// Gaussian precision whose conditional distribution over the given neighbours has the desired
/// perplexity (entropy within 1e-5 nats, at most 100 halvings/doublings).
/// </summary>
/// <remarks>
/// Distances are taken relative to the nearest neighbour before exponentiating, which leaves the
/// normalised distribution and its entropy unchanged but keeps the sum at least 1. scikit-learn
/// exponentiates the raw distances: when every neighbour is equally far (a point among exact
/// duplicates of another point) no precision reaches the perplexity, the search doubles it until
/// every term underflows, and the row ends as zeros or, near the denormal range, as infinities —
/// the NaN that made t-SNE diverge on collapsed features.
/// </remarks>
internal static class PerplexitySearch
{
    private const int Steps = 100;
    private const double Tolerance = 1e-5;

    /// <summary>Fills <paramref name="probabilities"/> with p(j|i) for the squared distances; skips <paramref name="self"/> when it is an index into them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Conditional(ReadOnlySpan<float> squaredDistances, double perplexity, Span<double> probabilities, int self = -1)
    {
        double nearest = double.PositiveInfinity;
        for (int j = 0; j < squaredDistances.Length; j++)
        {
            if (j != self)
                nearest = Math.Min(nearest, squaredDistances[j]);
        }
        double desiredEntropy = Math.Log(perplexity);
        double beta = 1.0;
        double betaMin = double.NegativeInfinity;
        double betaMax = double.PositiveInfinity;
        for (int step = 0; step < Steps; step++)
        {
            double sum = 0;
            for (int j = 0; j < squaredDistances.Length; j++)
            {
                double p = j == self ? 0 : Math.Exp(-(squaredDistances[j] - nearest) * beta);
                probabilities[j] = p;
                sum += p;
            }
            double weighted = 0;
            for (int j = 0; j < squaredDistances.Length; j++)
            {
                probabilities[j] /= sum;
                weighted += (squaredDistances[j] - nearest) * probabilities[j];
            }
            double entropyDiff = Math.Log(sum) + beta * weighted - desiredEntropy;
            if (Math.Abs(entropyDiff) <= Tolerance)
                break;
            if (entropyDiff > 0.0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2.0 : (beta + betaMax) / 2.0;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2.0 : (beta + betaMin) / 2.0;
            }
        }
    }
}
