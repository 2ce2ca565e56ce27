using Aegis.Lab.Architectures;

namespace Aegis.Lab.Training;

public enum OptimizerKind
{
    /// <summary>SGD with momentum and weight decay (the paper).</summary>
    Sgd,
    /// <summary>Adam; converges in far fewer epochs, which suits short CPU runs.</summary>
    Adam,
}

public enum ScheduleKind
{
    /// <summary>Multiply the learning rate by <see cref="TrainingOptions.StepGamma"/> every <see cref="TrainingOptions.StepEpochs"/> epochs (the paper).</summary>
    Step,
    /// <summary>One-cycle: cosine warm-up to the learning rate over 30% of the batches, then cosine decay.</summary>
    OneCycle,
}

/// <summary>How to train one model. Defaults are the paper's (SGD 0.1, momentum 0.9, x0.1 every 50 epochs, batch 128).</summary>
public sealed record TrainingOptions
{
    public LabArchitecture Architecture { get; init; } = LabArchitecture.SmallCnn;
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 128;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Step;
    public float LearningRate { get; init; } = 0.1f;
    public float Momentum { get; init; } = 0.9f;
    public float WeightDecay { get; init; } = 5e-4f;
    public int StepEpochs { get; init; } = 50;
    public float StepGamma { get; init; } = 0.1f;
    /// <summary>PGD adversarial training budget; null trains a standard (ERM) model.</summary>
    public PgdOptions? Adversarial { get; init; }
    public int Seed { get; init; }
    /// <summary>Train on this many clean images (a seeded random subset) instead of the whole training set.</summary>
    public int? TrainSubset { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 1) throw new ArgumentException($"Batch size must be at least 1 (got {BatchSize}).");
        if (!(LearningRate > 0)) throw new ArgumentException($"Learning rate must be positive (got {LearningRate}).");
        if (WeightDecay < 0) throw new ArgumentException($"Weight decay must not be negative (got {WeightDecay}).");
        if (StepEpochs < 1) throw new ArgumentException($"Step epochs must be at least 1 (got {StepEpochs}).");
        if (TrainSubset is < 1) throw new ArgumentException($"Training subset must hold at least one image (got {TrainSubset}).");
        Adversarial?.Validate();
    }
}
