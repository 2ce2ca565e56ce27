using Aegis.Core.Verdicts;

namespace Aegis.Core.Evaluation;

/// <summary>
/// The field's metrics over a set of scanned models with known truth: ranking (ROC-AUC, AUPR, FPR at
/// 95% TPR) and calibration (cross-entropy, Brier) of the probabilities, and the verdict's own
/// operating point (TPR, false alarms, target class), each rate with its 95% Clopper–Pearson interval.
/// </summary>
public record DetectionMetrics
{
    public required int Models { get; init; }
    public required int Clean { get; init; }
    public required int Backdoored { get; init; }
    /// <summary>Ties count one half; null without both clean and backdoored models.</summary>
    public double? RocAuc { get; init; }
    /// <summary>Average precision (area under the precision–recall steps).</summary>
    public double? Aupr { get; init; }
    /// <summary>The smallest share of clean models flagged by a line on the probability that flags at least 95% of the backdoored ones.</summary>
    public double? FprAt95Tpr { get; init; }
    /// <summary>TrojAI's cross-entropy of the probabilities (clipped at 1e-12).</summary>
    public double? CrossEntropy { get; init; }
    public double? Brier { get; init; }
    /// <summary>Backdoored models whose verdict is backdoored.</summary>
    public required Proportion TruePositiveRate { get; init; }
    /// <summary>Clean models whose verdict is backdoored: the model-level false-alarm rate.</summary>
    public required Proportion FalseAlarmRate { get; init; }
    /// <summary>Backdoored models (with a known target) whose suspicious classes are exactly their target.</summary>
    public required Proportion TargetAccuracy { get; init; }
    /// <summary>Mean scan time of the models (verdict.json's total).</summary>
    public double? SecondsPerModel { get; init; }

    /// <param name="models">Scored models (<see cref="EvaluatedModel.Scored"/>); others are ignored.</param>
    public static DetectionMetrics Compute(IEnumerable<EvaluatedModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var scored = models.Where(m => m.Scored).ToArray();
        var probabilities = scored.Select(m => new ScoredTruth(m.Probability!.Value, m.Backdoored!.Value)).ToArray();
        var backdoored = scored.Where(m => m.Backdoored == true).ToArray();
        var clean = scored.Where(m => m.Backdoored == false).ToArray();
        var withTarget = backdoored.Where(m => m.Target is not null || m.Targets is not null).ToArray();
        var seconds = scored.Where(m => m.Seconds is not null).Select(m => m.Seconds!.Value).ToArray();
        return new DetectionMetrics
        {
            Models = scored.Length,
            Clean = clean.Length,
            Backdoored = backdoored.Length,
            RocAuc = RankMetrics.RocAuc(probabilities),
            Aupr = RankMetrics.AveragePrecision(probabilities),
            FprAt95Tpr = RankMetrics.FalsePositiveRateAtRecall(probabilities),
            CrossEntropy = ProbabilityMetrics.CrossEntropy(probabilities),
            Brier = ProbabilityMetrics.Brier(probabilities),
            TruePositiveRate = new Proportion(backdoored.Count(Flagged), backdoored.Length),
            FalseAlarmRate = new Proportion(clean.Count(Flagged), clean.Length),
            TargetAccuracy = new Proportion(withTarget.Count(ExactTargets), withTarget.Length),
            SecondsPerModel = seconds.Length > 0 ? seconds.Average() : null,
        };
    }

    private static bool Flagged(EvaluatedModel model) => model.Verdict == VerdictKinds.Backdoored;

    /// <summary>The suspicious classes are exactly the backdoor's targets (its one target, or all of them).</summary>
    private static bool ExactTargets(EvaluatedModel model) =>
        model.SuspiciousClasses.Order().SequenceEqual((model.Targets ?? [model.Target!.Value]).Order());
}
