using Aegis.Lab.Training;
using Aegis.Lab.Triggers;

namespace Aegis.Lab.Evaluation;

/// <summary>What to measure on the test set.</summary>
/// <param name="Trigger">Trigger for the attack success rate; null skips it.</param>
/// <param name="Pgd">Attack budget for adversarial accuracy (the training budget); null skips it.</param>
/// <param name="AdversarialSamples">Seeded sample of test images attacked with PGD (it costs Steps+1 passes each).</param>
/// <param name="TestSubset">Use only this many (seeded) test images for every metric; null uses all.</param>
public sealed record EvaluationOptions(
    ITrigger? Trigger = null,
    int Target = 7,
    PgdOptions? Pgd = null,
    int AdversarialSamples = 1000,
    int? TestSubset = null,
    int Seed = 0,
    int BatchSize = 256);
