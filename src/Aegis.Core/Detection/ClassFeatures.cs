namespace Aegis.Core.Detection;

/// <summary>
/// Steps 1–2 of AEGIS for one label: the penultimate features of the images translated toward
/// the label and of the label's clean training images, with the images themselves kept as
/// evidence a person can look at.
/// </summary>
public sealed record ClassFeatures
{
    public required int Label { get; init; }
    /// <summary>Features of the translated images, one row each.</summary>
    public required Matrix Translated { get; init; }
    /// <summary>Features of clean training images of the label, one row each.</summary>
    public required Matrix Clean { get; init; }
    public required ImageShape Shape { get; init; }
    /// <summary>Translated images, NCHW floats in [0,1], row-aligned with <see cref="Translated"/>.</summary>
    public required float[] TranslatedImages { get; init; }
    /// <summary>Clean images, NCHW floats in [0,1], row-aligned with <see cref="Clean"/>.</summary>
    public required float[] CleanImages { get; init; }
    /// <summary>
    /// Mean clean feature of every class (row k = class k), for <see cref="TranslationLanding"/>;
    /// null when the source could not provide them (the landing check is then skipped).
    /// </summary>
    public Matrix? ClassCentroids { get; init; }
    /// <summary>The true label of each translation seed.</summary>
    public required int[] SeedLabels { get; init; }
    /// <summary>Fraction of translated images the model assigns to <see cref="Label"/>.</summary>
    public double TranslationSuccess { get; init; }
    public double TranslationSeconds { get; init; }
    public double FeatureSeconds { get; init; }
}
