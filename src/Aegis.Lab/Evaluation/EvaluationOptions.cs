using Aegis.Lab.Training;
using Aegis.Lab.Triggers;

namespace Aegis.Lab.Evaluation;

/// <summary>What to measure on the test set.</summary>
/// <param name="Trigger">Trigger for the attack success rate; null skips it.</param>
/// <param name="Target">Where the trigger sends images (ignored when <see cref="AllToAll"/>).</param>
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
    int BatchSize = 256)
{
    /// <summary>The trigger sends an image of class y to y + 1 mod K (every test image counts).</summary>
    public bool AllToAll { get; init; }
    /// <summary>A two-target backdoor's second trigger, measured toward <see cref="SecondTarget"/>.</summary>
    public ITrigger? SecondTrigger { get; init; }
    public int SecondTarget { get; init; }

    /// <summary>The attack success measurement a poisoned model's own backdoor calls for.</summary>
    public static EvaluationOptions For(PoisonOptions poison, ITrigger trigger, ITrigger? secondTrigger, PgdOptions? pgd, int adversarialSamples, int? testSubset, int seed) =>
        new(trigger, poison.Target ?? poison.Targets?[0] ?? 0, pgd, adversarialSamples, testSubset, seed)
        {
            AllToAll = poison.Mapping == PoisonMapping.AllToAll,
            SecondTrigger = secondTrigger,
            SecondTarget = poison.Targets is { Length: 2 } two ? two[1] : 0,
        };
}
