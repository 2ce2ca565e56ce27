
namespace Aegis.Core.Tracing;

/// <summary>What the model answered for one flagged class's samples (checked by the caller), and the scoring of them.</summary>
public sealed record TraceMeasurements
{
    /// <summary>Sample identifiers, one per row.</summary>
    public required IReadOnlyList<string> Indices { get; init; }
    /// <summary>The samples' pixels, C·H·W floats per row in [0, 1].</summary>
    public required float[] Images { get; init; }
    /// <summary>Softmax probability of the label per sample, as it is and with the trigger region covered.</summary>
    public required double[] Confidence { get; init; }
    public required double[] CoveredConfidence { get; init; }
    public required int[] CoveredPrediction { get; init; }
    /// <summary>Penultimate features of the samples and of trigger-stamped images of other classes.</summary>
    public required Matrix Features { get; init; }
    public required Matrix StampedFeatures { get; init; }
    /// <summary>Features of clean images of the class (held out when the data has a test split).</summary>
    public required Matrix ReferenceFeatures { get; init; }
    /// <summary>Fraction of the stamped images the model calls the label.</summary>
    public required double StampedFlip { get; init; }
}

/// <summary>Scores every sample of a flagged class (<see cref="SuspectScore"/>) and sorts the suspects, highest first.</summary>
public static class TraceScoring
{
    /// <summary>
    /// A sample is marked suspected when its score is above the line that best splits its class's scores
    /// in two (Otsu's: the largest between-group variance), or its robust z-score among them (median,
    /// 1.4826 · MAD) exceeds this. The split finds a large poisoned group, whose spread inflates the MAD
    /// (a third of the class on the lab models measured); the z-score a small one. A poisoned copy left in
    /// the data costs a retrain, a clean one dropped costs one sample (docs/research/trace.md).
    /// </summary>
    public const double SuspectedZ = 2;

    public static (TracedClass Class, IReadOnlyList<Suspect> Suspects) Score(TraceTrigger trigger, TraceMeasurements measured)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(measured);
        int n = measured.Indices.Count, size = trigger.Shape.Size;
        if (measured.Images.Length != (long)n * size || measured.Confidence.Length != n || measured.CoveredConfidence.Length != n
            || measured.CoveredPrediction.Length != n || measured.Features.Rows != n)
            throw new ArgumentException("The measurements do not have one row per sample.");
        var affinity = FeatureAffinity.Compute(measured.Features, measured.ReferenceFeatures, measured.StampedFeatures);
        var spectral = Baselines.SpectralSignature.Scores(measured.Features);
        var clustering = Baselines.ActivationClustering.Scores(measured.Features);
        var suspects = new Suspect[n];
        for (int i = 0; i < n; i++)
        {
            double presence = trigger.Presence(measured.Images.AsSpan(i * size, size));
            suspects[i] = new Suspect(measured.Indices[i], trigger.Label,
                SuspectScore.Combine(presence, measured.Confidence[i], measured.CoveredConfidence[i], affinity[i]))
            {
                Presence = presence,
                Confidence = measured.Confidence[i],
                CoveredConfidence = measured.CoveredConfidence[i],
                CoveredPrediction = measured.CoveredPrediction[i],
                FeatureAffinity = affinity[i],
                SpectralSignature = spectral[i],
                ActivationClustering = clustering[i],
            };
        }
        suspects = Mark(suspects);
        var traced = new TracedClass(trigger.Label, trigger.Source, n, suspects.Count(s => s.DecisionChanged), measured.StampedFlip, trigger.Region());
        return (traced, Sort(suspects));
    }

    private static Suspect[] Mark(Suspect[] suspects)
    {
        var scores = suspects.Select(s => s.Score).ToArray();
        double median = Median(scores);
        double spread = 1.4826 * Median(scores.Select(v => Math.Abs(v - median)).ToArray());
        double split = OtsuLine(scores);
        // Identical scores have no spread and no split: nothing stands out.
        return suspects.Select(s => s with { Suspected = spread > 1e-12 && ((s.Score - median) / spread > SuspectedZ || s.Score > split) }).ToArray();
    }

    /// <summary>The line between two sorted neighbours that maximises the between-group variance; +∞ for fewer than two distinct scores.</summary>
    private static double OtsuLine(double[] scores)
    {
        var sorted = scores.Order().ToArray();
        int n = sorted.Length;
        double total = sorted.Sum(), below = 0, best = 0, line = double.PositiveInfinity;
        for (int i = 1; i < n; i++)
        {
            below += sorted[i - 1];
            if (sorted[i] == sorted[i - 1])
                continue;
            double w0 = i / (double)n, w1 = 1 - w0;
            double m0 = below / i, m1 = (total - below) / (n - i);
            double between = w0 * w1 * (m0 - m1) * (m0 - m1);
            if (between > best)
            {
                best = between;
                line = (sorted[i - 1] + sorted[i]) / 2;
            }
        }
        return line;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Highest score first; ties keep the samples' order.</summary>
    public static IReadOnlyList<Suspect> Sort(IEnumerable<Suspect> suspects) =>
        suspects.Select((s, i) => (s, i)).OrderByDescending(p => p.s.Score).ThenBy(p => p.i).Select(p => p.s).ToArray();
}
