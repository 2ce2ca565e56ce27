namespace Aegis.Lab.Evaluation;

/// <summary>
/// The paper's attack metrics. <paramref name="AttackSuccessRate"/> is null without a trigger,
/// <paramref name="AdversarialAccuracy"/> null without a PGD budget.
/// </summary>
public sealed record LabMetrics(
    double CleanAccuracy,
    int CleanSamples,
    double? AttackSuccessRate,
    int AttackSamples,
    double? AdversarialAccuracy,
    int AdversarialSamples);
