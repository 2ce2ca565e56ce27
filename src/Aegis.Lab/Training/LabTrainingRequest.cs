using Aegis.Lab.Triggers;

namespace Aegis.Lab.Training;

/// <summary>One lab model to train, evaluate and save.</summary>
public sealed record LabTrainingRequest
{
    public required string DataDirectory { get; init; }
    public string Name { get; init; } = "lab-model";
    public TrainingOptions Training { get; init; } = new();
    /// <summary>Null trains on clean data.</summary>
    public PoisonOptions? Poison { get; init; }
    /// <summary>
    /// Model the invisible adversarial trigger is derived from; null trains a quick standard
    /// model on the clean data first (one Adam epoch).
    /// </summary>
    public string? TriggerSourceModel { get; init; }
    /// <summary>Trigger for the ASR of a clean model (its base rate); ignored when poisoning.</summary>
    public TriggerSpec? EvaluationTrigger { get; init; }
    /// <summary>Test images attacked with PGD for the adversarial accuracy.</summary>
    public int AdversarialSamples { get; init; } = 1000;
    /// <summary>Seeded subset of the test set used for every metric; null uses all.</summary>
    public int? TestSubset { get; init; }
    /// <summary>Write the exact training set (shuffled, on the 8-bit grid, poisoned copies included) here, and train on it.</summary>
    public string? ExportDirectory { get; init; }
    /// <summary>Training rows to leave out (`--exclude suspects.csv`).</summary>
    public IReadOnlySet<int>? ExcludedRows { get; init; }
}
