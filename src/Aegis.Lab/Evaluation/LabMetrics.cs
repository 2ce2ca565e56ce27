namespace Aegis.Lab.Evaluation;

/// <summary>
/// The paper's attack metrics. <paramref name="AttackSuccessRate"/> is null without a trigger,
/// <paramref name="AdversarialAccuracy"/> null without a PGD budget. An all-to-all backdoor's rate is
/// the share of triggered images of class y called y + 1; a two-target backdoor's second trigger has
/// its own rate beside the first's.
/// </summary>
public sealed record LabMetrics(
    double CleanAccuracy,
    int CleanSamples,
    double? AttackSuccessRate,
    int AttackSamples,
    double? AdversarialAccuracy,
    int AdversarialSamples)
{
    /// <summary>The second trigger's attack success rate (two-target backdoors); null otherwise.</summary>
    public double? SecondAttackSuccessRate { get; init; }
    public int SecondAttackSamples { get; init; }

    /// <summary>The weakest of the backdoor's attack success rates: how well every trigger works.</summary>
    public double? WeakestAttackSuccessRate =>
        SecondAttackSuccessRate is double second && AttackSuccessRate is double first ? Math.Min(first, second) : AttackSuccessRate;
}
