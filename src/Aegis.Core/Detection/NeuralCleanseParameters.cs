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

    /// <summary>
    /// Also reverse one trigger that sends images away from their own class and judge where it sends each
    /// class (<see cref="AllToAllReversal"/>): the row that sees all-to-all backdoors, whose every class is a target.
    /// </summary>
    public bool AllToAll { get; init; } = true;
    /// <summary>The all-to-all row's goal: the share of images that must leave their class. Below Neural Cleanse's 99%, because an all-to-all trigger moves most, not all, of each class.</summary>
    public double AllToAllAttackSuccess { get; init; } = 0.8;
    /// <summary>Held-out images per class on which the all-to-all row's destinations are counted.</summary>
    public int AllToAllImagesPerClass { get; init; } = 100;

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

    /// <summary>Every problem with the parameters, as sentences naming the field (as in a scan's JSON); empty when valid. Upper bounds keep a hostile request's cost bounded, as <see cref="ScanParameterLimits"/> does.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
                problems.Add(problem);
        }

        Check(Images is >= 1 and <= ScanParameterLimits.MaxImagesPerClass, $"neuralCleanse.images must be in 1..{ScanParameterLimits.MaxImagesPerClass}.");
        Check(BatchSize is >= 1 and <= ScanParameterLimits.MaxBatchSize, $"neuralCleanse.batchSize must be in 1..{ScanParameterLimits.MaxBatchSize}.");
        Check(StepsPerEpoch is >= 1 and <= ScanParameterLimits.MaxSteps, $"neuralCleanse.stepsPerEpoch must be in 1..{ScanParameterLimits.MaxSteps}.");
        Check(MaxEpochs is >= 1 and <= ScanParameterLimits.MaxSteps, $"neuralCleanse.maxEpochs must be in 1..{ScanParameterLimits.MaxSteps}.");
        Check(LearningRate is > 0 and <= 100, "neuralCleanse.learningRate must be in (0, 100].");
        Check(InitialCost is > 0 and <= 1000, "neuralCleanse.initialCost must be in (0, 1000].");
        Check(CostMultiplier is > 1 and <= 100, "neuralCleanse.costMultiplier must be in (1, 100].");
        Check(Patience is >= 1 and <= ScanParameterLimits.MaxSteps && EarlyStopPatience is >= 1 and <= ScanParameterLimits.MaxSteps,
            $"neuralCleanse.patience and earlyStopPatience must be in 1..{ScanParameterLimits.MaxSteps}.");
        Check(AttackSuccessThreshold is > 0 and <= 1, "neuralCleanse.attackSuccessThreshold must be in (0, 1].");
        Check(EarlyStopThreshold is > 0 and <= 1, "neuralCleanse.earlyStopThreshold must be in (0, 1].");
        Check(VerificationImages is >= 0 and <= ScanParameterLimits.MaxImagesPerClass, $"neuralCleanse.verificationImages must be in 0..{ScanParameterLimits.MaxImagesPerClass}.");
        Check(NeuralCleanseRule.All.Contains(Rule), $"neuralCleanse.rule must be one of {string.Join(", ", NeuralCleanseRule.All)}.");
        Check(PublishedThreshold is > 0 and <= ScanParameterLimits.MaxAnomalyThreshold, $"neuralCleanse.publishedThreshold must be in (0, {ScanParameterLimits.MaxAnomalyThreshold}].");
        Check(Threshold is null or > 0 and <= ScanParameterLimits.MaxAnomalyThreshold, $"neuralCleanse.threshold must be in (0, {ScanParameterLimits.MaxAnomalyThreshold}] (or left out for the false-alarm rate's).");
        Check(FalseAlarmRate is > 0 and < 1, "neuralCleanse.falseAlarmRate must be in (0, 1).");
        Check(AllToAllAttackSuccess is > 0 and <= 1, "neuralCleanse.allToAllAttackSuccess must be in (0, 1].");
        Check(AllToAllImagesPerClass is >= 1 and <= ScanParameterLimits.MaxImagesPerClass, $"neuralCleanse.allToAllImagesPerClass must be in 1..{ScanParameterLimits.MaxImagesPerClass}.");
        Check(MinHeldOutAttackSuccess is >= 0 and <= 1, "neuralCleanse.minHeldOutAttackSuccess must be in [0, 1].");
        return problems;
    }

    /// <exception cref="ArgumentException">Listing every problem.</exception>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid Neural Cleanse parameters: " + string.Join(" ", problems));
    }
}
