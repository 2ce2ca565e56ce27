using Aegis.Core.Detection;

namespace Aegis.Pipeline.Jobs;

/// <summary>Neural Cleanse's answer: every class's reversed trigger, the training data's fingerprint (it picks the built-in reference), the image shape and the all-to-all row.</summary>
public sealed record ReversedTriggerSet(IReadOnlyList<NeuralCleanseTrigger> Triggers, string? TrainingFingerprint, ImageShape Shape, AllToAllReversal? AllToAll = null);
