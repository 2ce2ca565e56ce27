using Aegis.Sandbox.Protocol;
using Aegis.Core.Detection;

namespace Aegis.Sandbox.Operations;

/// <summary>Neural Cleanse's trigger reversal for the listed classes (in that order), checked on held-out images.</summary>
public sealed record ReverseTriggersRequest(IReadOnlyList<int> Classes, NeuralCleanseParameters Parameters, int Seed);

/// <param name="Masks">float32 [classes, H·W] in [0, 1], one row per requested class in order.</param>
/// <param name="Patterns">float32 [classes, C·H·W] in [0, 1].</param>
/// <param name="Triggers">The optimisation's numbers per class, in the same order.</param>
/// <param name="TrainingFingerprint">The training data's fingerprint (it picks the per-dataset reference; the parent never reads the data).</param>
public sealed record ReversedTriggers(ArrayRef Masks, ArrayRef Patterns, IReadOnlyList<ReversedTriggerNumbers> Triggers, string TrainingFingerprint);

public sealed record ReversedTriggerNumbers(int Label, double AttackSuccess, bool Reached, double Cost, int Epochs, double? HeldOutAttackSuccess);
