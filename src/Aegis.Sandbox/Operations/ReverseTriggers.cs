using Aegis.Sandbox.Protocol;
using Aegis.Core.Detection;

namespace Aegis.Sandbox.Operations;

/// <summary>Neural Cleanse's trigger reversal for the listed classes (in that order), checked on held-out images.</summary>
public sealed record ReverseTriggersRequest(IReadOnlyList<int> Classes, NeuralCleanseParameters Parameters, int Seed);

/// <param name="Masks">float32 [classes, H·W] in [0, 1], one row per requested class in order.</param>
/// <param name="Patterns">float32 [classes, C·H·W] in [0, 1].</param>
/// <param name="Triggers">The optimisation's numbers per class, in the same order.</param>
/// <param name="TrainingFingerprint">The training data's fingerprint (it picks the per-dataset reference; the parent never reads the data).</param>
/// <param name="AllToAll">The all-to-all row, when the parameters ask for it and every class has training images.</param>
public sealed record ReversedTriggers(ArrayRef Masks, ArrayRef Patterns, IReadOnlyList<ReversedTriggerNumbers> Triggers, string TrainingFingerprint,
    ReversedAllToAll? AllToAll = null);

public sealed record ReversedTriggerNumbers(int Label, double AttackSuccess, bool Reached, double Cost, int Epochs, double? HeldOutAttackSuccess);

/// <param name="Mask">float32 [1, H·W] in [0, 1].</param>
/// <param name="Pattern">float32 [1, C·H·W] in [0, 1].</param>
/// <param name="Destinations">Held-out images per origin class by the class the stamped image was given.</param>
public sealed record ReversedAllToAll(ArrayRef Mask, ArrayRef Pattern, double AttackSuccess, bool Reached, double Cost, int Epochs, IReadOnlyList<IReadOnlyList<int>> Destinations);
