namespace Aegis.Core.Tracing;

/// <summary>One flagged class as the trace saw it.</summary>
/// <param name="Trigger">Whose trigger was used: <see cref="TraceTrigger.PatchSource"/> or <see cref="TraceTrigger.NeuralCleanseSource"/>.</param>
/// <param name="Samples">Training samples labelled with the class (each has a row in the suspects).</param>
/// <param name="DecisionsChanged">Samples the model stops calling the class once the trigger region is covered.</param>
/// <param name="StampedFlip">Fraction of trigger-stamped images of other classes the model calls the class: the trigger the trace uses works.</param>
/// <param name="Region">Pixel locations (y·W + x) of the trigger's core, as the page marks them.</param>
public sealed record TracedClass(int Label, string Trigger, int Samples, int DecisionsChanged, double StampedFlip, IReadOnlyList<int> Region);
