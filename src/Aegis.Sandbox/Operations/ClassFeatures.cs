using Aegis.Sandbox.Protocol;
using Aegis.Core.Detection;

namespace Aegis.Sandbox.Operations;

/// <summary>Steps 1–2 of AEGIS for one label: translate seeds toward it, features of translated and clean images.</summary>
public sealed record ClassFeaturesRequest(int Label, ScanParameters Parameters);

/// <param name="Translated">float32 [seeds, D].</param>
/// <param name="Clean">float32 [clean images of the label, D].</param>
/// <param name="TranslatedImages">float32 [seeds, C·H·W] in [0, 1].</param>
/// <param name="CleanImages">float32 [clean images, C·H·W] in [0, 1].</param>
/// <param name="Centroids">float32 [classes, D]: mean clean feature of every class.</param>
/// <param name="SeedLabels">int32 [seeds]: the true label of each seed.</param>
public sealed record ClassFeaturesResult(
    ArrayRef Translated, ArrayRef Clean, ArrayRef TranslatedImages, ArrayRef CleanImages, ArrayRef Centroids, ArrayRef SeedLabels,
    double TranslationSuccess, double TranslationSeconds, double FeatureSeconds);
