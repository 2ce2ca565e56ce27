namespace Aegis.Core.Embedding;

/// <summary>
/// The binary search of scikit-learn's <c>_binary_search_perplexity</c>: for one point, finds the
/// Gaussian precision whose conditional distribution over the given neighbours has the desired
/// perplexity (entropy within 1e-5 nats, at most 100 halvings/doublings).
/// </summary>
internal static class PerplexitySearch
{
    private const int Steps = 100;
    private const double Tolerance = 1e-5;
    private const double TinySum = 1e-8;

    /// <summary>Fills <paramref name="probabilities"/> with p(j|i) for the squared distances; skips <paramref name="self"/> when it is an index into them.</summary>
    public static void Conditional(ReadOnlySpan<float> squaredDistances, double perplexity, Span<double> probabilities, int self = -1)
    {
        double desiredEntropy = Math.Log(perplexity);
        double beta = 1.0;
        double betaMin = double.NegativeInfinity;
        double betaMax = double.PositiveInfinity;
        for (int step = 0; step < Steps; step++)
        {
            double sum = 0;
            for (int j = 0; j < squaredDistances.Length; j++)
            {
                double p = j == self ? 0 : Math.Exp(-squaredDistances[j] * beta);
                probabilities[j] = p;
                sum += p;
            }
            if (sum == 0.0)
                sum = TinySum;
            double weighted = 0;
            double inverse = 1.0 / sum;
            for (int j = 0; j < squaredDistances.Length; j++)
            {
                probabilities[j] *= inverse;
                weighted += squaredDistances[j] * probabilities[j];
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
