namespace Aegis.Core.Embedding;

/// <summary>
/// Brings features of extreme magnitude into a range where float32 squared distances neither
/// overflow nor sink into denormals. t-SNE does not depend on a global scale of its input (the
/// perplexity search picks each point's precision, the PCA start is rescaled to a fixed spread),
/// and a power of two scales every float exactly, so the embedding is the one the unscaled
/// features define. Features of ordinary size are passed through untouched.
/// </summary>
internal static class InputScale
{
    /// <summary>Largest |value| left as it is: 2^20, so a squared difference stays below 2^42 per column, far from float32's 3.4e38.</summary>
    private const double High = 1 << 20;

    /// <summary>Smallest largest-|value| left as it is: 2^-20, so squares of differences at float32 precision stay normal floats (above 1.2e-38).</summary>
    private const double Low = 1.0 / (1 << 20);

    public static Matrix Normalise(Matrix input)
    {
        float largest = 0;
        foreach (var v in input.Data)
            largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0 || (largest >= Low && largest <= High))
            return input;
        // 2^-e with e = exponent of the largest value: afterwards it lies in [1, 2).
        float factor = MathF.ScaleB(1f, -MathF.ILogB(largest));
        var scaled = new float[input.Data.Length];
        for (int i = 0; i < scaled.Length; i++)
            scaled[i] = input.Data[i] * factor;
        return new Matrix(input.Rows, input.Columns, scaled);
    }
}
