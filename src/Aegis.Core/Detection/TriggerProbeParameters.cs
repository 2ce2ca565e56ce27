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
    /// A class is flagged when a patch sends more than this fraction of the images of the median
    /// other class to it: an attack success rate, the quantity a backdoor is defined by (README).
    /// </summary>
    public double FlipThreshold { get; init; } = 0.25;

    /// <summary>Locations in a patch for images of <paramref name="shape"/>: at least one.</summary>
    public int MaskLocations(ImageShape shape) => Math.Max(1, (int)Math.Round(MaskFraction * shape.Height * shape.Width));
}
