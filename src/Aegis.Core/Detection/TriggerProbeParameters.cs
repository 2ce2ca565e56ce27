using MathNet.Numerics.Distributions;

namespace Aegis.Core.Detection;

/// <summary>
/// The causal check of a class (README, "The decision rule"): patches lifted from its translated
/// images are stamped onto held-out images of the other classes, and the rule asks how many the
/// model then calls the class.
/// </summary>
public sealed record TriggerProbeParameters
{
    /// <summary>Run the check (it needs the model, so it runs where translation runs).</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>
    /// Patch size as a fraction of the image's locations: 2% (16 of 28x28, 20 of 32x32). The
    /// paper's triggers cover under 1% of the image and the lab's 4x4 square 2%; a patch this small
    /// cannot carry an innocent class's shape, and it holds enough of a trigger to fire it.
    /// </summary>
    public double MaskFraction { get; init; } = 0.02;
    /// <summary>A mean-shift cluster gets its own patch when it holds at least this fraction of the translated images.</summary>
    public double MinGroupFraction { get; init; } = 0.05;
    /// <summary>Held-out images per other class that the model classifies correctly, stamped with each patch.</summary>
    public int ProbesPerClass { get; init; } = 50;
    /// <summary>
    /// The null hypothesis: a patch this small, lifted from an innocent class, sends at most this
    /// fraction of a robust model's images of another class to it. Robust training exists to make
    /// small input changes ineffective; the fixtures' clean robust model sends 1.4% of images to a
    /// class under a 4x4 white square, so 10% leaves a sevenfold allowance for a patch chosen by translation.
    /// </summary>
    public double NullFlipRate { get; init; } = 0.10;
    /// <summary>
    /// False-alarm probability of one class's test (one-sided binomial, <see cref="ProbesPerClass"/> trials).
    /// 0.001 keeps a scan of ten classes with a few patches each under about 5% family-wise.
    /// </summary>
    public double Significance { get; init; } = 0.001;
    /// <summary>Fixed flip threshold in place of the binomial one (for studies); null = <see cref="Threshold"/> is derived.</summary>
    public double? FlipThreshold { get; init; }

    /// <summary>
    /// A class is flagged when its patch sends more than this fraction of the images of the median
    /// other class to it. Derived: the largest rate a binomial test of <see cref="ProbesPerClass"/>
    /// trials at <see cref="NullFlipRate"/> does not reject at <see cref="Significance"/> (0.26 for
    /// the defaults). Testing the median origin against a single origin's bound is conservative:
    /// under the null, more than half the origins would have to exceed it at once.
    /// </summary>
    public double Threshold => FlipThreshold ?? BinomialThreshold(ProbesPerClass, NullFlipRate, Significance);

    /// <summary>Locations in a patch for images of <paramref name="shape"/>: at least one.</summary>
    public int MaskLocations(ImageShape shape) => Math.Max(1, (int)Math.Round(MaskFraction * shape.Height * shape.Width));

    /// <summary>(k − 1) / n for the smallest k with P(X ≥ k) ≤ α, X ~ Binomial(n, p).</summary>
    public static double BinomialThreshold(int trials, double nullRate, double significance)
    {
        int k = 0;
        // P(X >= k) = 1 - CDF(k - 1); the tail shrinks as k grows.
        while (k <= trials && (k == 0 ? 1.0 : 1 - Binomial.CDF(nullRate, trials, k - 1)) > significance)
            k++;
        return (k - 1) / (double)trials;
    }
}
