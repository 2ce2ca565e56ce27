using Aegis.Core.Detection;

namespace Aegis.Pipeline.Jobs;

/// <summary>Neural Cleanse's answer: every class's reversed trigger, the training data's fingerprint (it picks the built-in reference) and the image shape.</summary>
public sealed record ReversedTriggerSet(IReadOnlyList<NeuralCleanseTrigger> Triggers, string? TrainingFingerprint, ImageShape Shape);
