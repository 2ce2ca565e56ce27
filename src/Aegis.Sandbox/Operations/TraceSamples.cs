using Aegis.Sandbox.Protocol;

namespace Aegis.Sandbox.Operations;

/// <summary>
/// The trace's model-side work for one flagged class: every training sample labelled with it, as it is
/// and with the trigger region covered by <see cref="Fill"/>; and up to <see cref="Stamped"/> images of
/// other classes (held out when the data has a test split) with the trigger stamped on. Every image on the 8-bit grid.
/// </summary>
/// <param name="Mask">H·W weights in [0, 1].</param>
/// <param name="Pattern">C·H·W values in [0, 1].</param>
/// <param name="Fill">C·H·W values in [0, 1]: what covers the region.</param>
public sealed record TraceSamplesRequest(int Label, float[] Mask, float[] Pattern, float[] Fill, int Stamped, int Seed, int BatchSize);

/// <param name="Rows">int32 [n]: the training rows labelled with the class, in file order.</param>
/// <param name="Logits">float32 [n, classes].</param>
/// <param name="CoveredLogits">float32 [n, classes].</param>
/// <param name="Features">float32 [n, feature dimension].</param>
/// <param name="StampedLogits">float32 [m, classes].</param>
/// <param name="StampedFeatures">float32 [m, feature dimension].</param>
/// <param name="ReferenceFeatures">float32 [r, feature dimension]: up to <see cref="TraceSamplesRequest.Stamped"/> clean images of the class, held out when there is a test split.</param>
public sealed record TraceSamplesResult(ArrayRef Rows, ArrayRef Logits, ArrayRef CoveredLogits, ArrayRef Features, ArrayRef StampedLogits, ArrayRef StampedFeatures, ArrayRef ReferenceFeatures);
