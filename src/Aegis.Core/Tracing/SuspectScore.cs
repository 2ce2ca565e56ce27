namespace Aegis.Core.Tracing;

/// <summary>
/// The suspicion score of a sample: the mean of the scanner's three kinds of evidence, each in [0, 1].
/// A poisoned copy is an image of another class with the trigger on it, labelled with the target, so
/// (1) it shows the trigger, (2) covering the trigger takes the model's belief in the label away —
/// the model answered the trigger, not the object — and (3) its features lie with trigger-stamped
/// images of other classes rather than among the class's own. A clean sample of the class can show
/// one of these by chance (a bright corner, an ambiguous object); the mean needs them together.
/// </summary>
public static class SuspectScore
{
    /// <param name="presence">In [0, 1].</param>
    /// <param name="confidence">The label's probability for the sample.</param>
    /// <param name="coveredConfidence">The same with the trigger region covered.</param>
    /// <param name="featureAffinity">In [0, 1].</param>
    public static double Combine(double presence, double confidence, double coveredConfidence, double featureAffinity) =>
        (Math.Clamp(presence, 0, 1) + Drop(confidence, coveredConfidence) + Math.Clamp(featureAffinity, 0, 1)) / 3;

    /// <summary>How much belief in the label covering took away, clamped to [0, 1].</summary>
    public static double Drop(double confidence, double coveredConfidence) => Math.Clamp(confidence - coveredConfidence, 0, 1);
}
