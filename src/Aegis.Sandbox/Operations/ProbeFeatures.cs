using Aegis.Sandbox.Protocol;

namespace Aegis.Sandbox.Operations;

/// <summary>
/// Logits and exported features of a probe batch: clean training images, the same with noise,
/// with pasted squares, and translated by targeted PGD. For the honest-features check.
/// </summary>
public sealed record ProbeFeaturesRequest(int Images, int Seed, double Epsilon, double StepSize, int Steps, int BatchSize);

/// <param name="Logits">float32 [Images, classes].</param>
/// <param name="Features">float32 [Images, feature dimension].</param>
public sealed record FeatureProbeArrays(ArrayRef Logits, ArrayRef Features);
