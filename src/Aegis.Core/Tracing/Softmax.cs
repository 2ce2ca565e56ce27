namespace Aegis.Core.Tracing;

/// <summary>Probabilities and decisions from one row of logits, computed stably (the largest logit subtracted first).</summary>
public static class Softmax
{
    public static double Probability(ReadOnlySpan<float> logits, int label)
    {
        double max = double.NegativeInfinity;
        foreach (float v in logits)
            max = Math.Max(max, v);
        double sum = 0;
        foreach (float v in logits)
            sum += Math.Exp(v - max);
        return Math.Exp(logits[label] - max) / sum;
    }

    /// <summary>The index of the largest logit (the first of a tie).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best])
                best = i;
        return best;
    }
}
