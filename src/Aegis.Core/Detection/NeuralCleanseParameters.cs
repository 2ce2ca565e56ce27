namespace Aegis.Core.Detection;

/// <summary>
/// Neural Cleanse (Wang et al., S&amp;P 2019): how each class's trigger is reverse-engineered and how the
/// classes are judged (README, "Standard models: Neural Cleanse"). The optimisation defaults are the
/// published implementation's (Adam at 0.1 with betas 0.5/0.9, initial cost 1e-3, cost × 1.5 up and
/// ÷ 1.5^1.5 down after 5 epochs on one side of 99% attack success, early stop once the best mask norm has
/// not improved by 1% for 10 epochs — as ART and TrojanZoo ship it), except the epoch: published, 31
/// mini-batches of 32 images; here <see cref="StepsPerEpoch"/> steps in which every class is optimised in
/// the same forward/backward pass, and at most <see cref="MaxEpochs"/> epochs (300 steps).
/// </summary>
public sealed record NeuralCleanseParameters
{
    /// <summary>Clean training images (any label) the triggers are optimised on (published: 1000).</summary>
    public int Images { get; init; } = 1000;
    /// <summary>Images per class per step (published: 32).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Steps between cost adjustments; an epoch's attack success is its steps' mean.</summary>
    public int StepsPerEpoch { get; init; } = 5;
    /// <summary>Upper bound on epochs per class; classes whose λ and mask norm settle stop earlier.</summary>
    public int MaxEpochs { get; init; } = 60;
    public double LearningRate { get; init; } = 0.1;
    public double InitialCost { get; init; } = 1e-3;
    /// <summary>The cost is multiplied by this after <see cref="Patience"/> successful epochs, and divided by its 1.5th power after as many failed ones.</summary>
    public double CostMultiplier { get; init; } = 1.5;
    public int Patience { get; init; } = 5;
    /// <summary>Attack success an epoch needs to count as successful (and its mask as a candidate).</summary>
    public double AttackSuccessThreshold { get; init; } = 0.99;
    /// <summary>An improvement of the best mask norm counts only when it falls below this fraction of the previous best.</summary>
    public double EarlyStopThreshold { get; init; } = 0.99;
    /// <summary>Epochs without such an improvement (after the cost has moved both ways) that end a class.</summary>
    public int EarlyStopPatience { get; init; } = 10;
    /// <summary>Held-out images (test split, not of the class) each reversed trigger is checked on.</summary>
    public int VerificationImages { get; init; } = 500;

    /// <summary>"log" (default) or "published".</summary>
    public string Rule { get; init; } = NeuralCleanseRule.Log;
    /// <summary>Wang et al.'s threshold on the anomaly index of the raw mask norms.</summary>
    public double PublishedThreshold { get; init; } = 2.0;
    /// <summary>
    /// The log rule's family-wise false-alarm rate: the chance that a model whose log mask norms are
    /// normally distributed across classes gets any class flagged (<see cref="NeuralCleanseThreshold"/>).
    /// </summary>
    public double FalseAlarmRate { get; init; } = 0.05;
    /// <summary>A fixed threshold on the log anomaly index instead of the one <see cref="FalseAlarmRate"/> gives.</summary>
    public double? Threshold { get; init; }
    /// <summary>A flagged class's reversed trigger must send at least this fraction of held-out images of other classes to it.</summary>
    public double MinHeldOutAttackSuccess { get; init; } = 0.5;

    public double ThresholdFor(int classes) => Threshold ?? NeuralCleanseThreshold.ForFalseAlarmRate(classes, FalseAlarmRate);

    public void Validate()
    {
        if (Images < 1) throw new ArgumentException($"Neural Cleanse needs at least one optimisation image (got {Images}).");
        if (BatchSize < 1) throw new ArgumentException($"Neural Cleanse batch size must be at least 1 (got {BatchSize}).");
        if (StepsPerEpoch < 1) throw new ArgumentException($"Neural Cleanse needs at least one step per epoch (got {StepsPerEpoch}).");
        if (MaxEpochs < 1) throw new ArgumentException($"Neural Cleanse needs at least one epoch (got {MaxEpochs}).");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"Neural Cleanse learning rate must be positive (got {LearningRate}).");
        if (!(InitialCost > 0) || !double.IsFinite(InitialCost)) throw new ArgumentException($"Neural Cleanse initial cost must be positive (got {InitialCost}).");
        if (!(CostMultiplier > 1) || !double.IsFinite(CostMultiplier)) throw new ArgumentException($"Neural Cleanse cost multiplier must exceed 1 (got {CostMultiplier}).");
        if (Patience < 1 || EarlyStopPatience < 1) throw new ArgumentException("Neural Cleanse patience values must be at least 1.");
        if (!(AttackSuccessThreshold > 0) || AttackSuccessThreshold > 1) throw new ArgumentException($"Attack success threshold must be in (0,1] (got {AttackSuccessThreshold}).");
        if (!(EarlyStopThreshold > 0) || EarlyStopThreshold > 1) throw new ArgumentException($"Early-stop threshold must be in (0,1] (got {EarlyStopThreshold}).");
        if (VerificationImages < 0) throw new ArgumentException($"Verification images must not be negative (got {VerificationImages}).");
        if (!NeuralCleanseRule.All.Contains(Rule))
            throw new ArgumentException($"Unknown Neural Cleanse rule '{Rule}'; use one of: {string.Join(", ", NeuralCleanseRule.All)}.");
        if (!double.IsFinite(PublishedThreshold) || Threshold is double t && !double.IsFinite(t))
            throw new ArgumentException("Neural Cleanse thresholds must be finite.");
        if (!(FalseAlarmRate > 0) || FalseAlarmRate >= 1)
            throw new ArgumentException($"Neural Cleanse false-alarm rate must be in (0,1) (got {FalseAlarmRate}).");
        if (!(MinHeldOutAttackSuccess >= 0) || MinHeldOutAttackSuccess > 1)
            throw new ArgumentException($"Held-out attack success limit must be in [0,1] (got {MinHeldOutAttackSuccess}).");
    }
}
