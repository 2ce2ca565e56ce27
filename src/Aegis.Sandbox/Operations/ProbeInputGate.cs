using Aegis.Sandbox.Protocol;

namespace Aegis.Sandbox.Operations;

/// <summary>
/// The input-gate probe: up to <see cref="Images"/> held-out images (the test split; the training split
/// when there is none), classified as read in batches of <see cref="BatchSize"/> and again under every
/// change of Aegis.Core's InputGateVariants.
/// </summary>
public sealed record ProbeInputGateRequest(int Images, int Seed, int BatchSize);

/// <param name="Logits">float32 [(1 + changes) · images, classes]: the reference rows, then each change's in InputGateVariants order.</param>
/// <param name="Finite">int32 [(1 + changes) · images]: 1 where the model's answer was finite (its logits row is then zeros).</param>
public sealed record InputGateArrays(ArrayRef Logits, ArrayRef Finite);
