namespace Aegis.Core.Tracing;

/// <summary>
/// One training sample of a flagged class and how much it carries that class's trigger. Every
/// evidence value is in [0, 1], higher = more like a poisoned copy; <see cref="Score"/> combines them
/// (<see cref="SuspectScore"/>).
/// </summary>
/// <param name="Index">The 0-based row in the training file (IDX or CIFAR batches in order), or the sample's file name under --samples.</param>
public sealed record Suspect(string Index, int Label, double Score)
{
    /// <summary>
    /// The score stands out of its class: its robust z-score among the class's samples (median, 1.4826 · MAD)
    /// exceeds <see cref="TraceScoring.SuspectedZ"/>. The rows `lab train --exclude` drops by default.
    /// </summary>
    public bool Suspected { get; init; }
    /// <summary>How much of the trigger the sample already shows (<see cref="TraceTrigger.Presence"/>).</summary>
    public required double Presence { get; init; }
    /// <summary>The model's probability of the label for the sample as it is.</summary>
    public required double Confidence { get; init; }
    /// <summary>The same with the trigger region covered by the training set's mean image.</summary>
    public required double CoveredConfidence { get; init; }
    /// <summary>What the model calls the covered sample.</summary>
    public required int CoveredPrediction { get; init; }
    /// <summary>Covering the region changes the model's decision away from the label.</summary>
    public bool DecisionChanged => CoveredPrediction != Label;
    /// <summary>Where the sample's features lie between the class's own (0) and trigger-stamped images of other classes (1).</summary>
    public required double FeatureAffinity { get; init; }
    /// <summary>Baseline, not in the score: spectral signatures' outlier score of the sample's features within its class.</summary>
    public double SpectralSignature { get; init; }
    /// <summary>Baseline, not in the score: activation clustering's lean toward the class's smaller feature cluster.</summary>
    public double ActivationClustering { get; init; }
}
