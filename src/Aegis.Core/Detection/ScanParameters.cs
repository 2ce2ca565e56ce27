namespace Aegis.Core.Detection;

/// <summary>
/// Every knob of a scan. Defaults are the paper's (Table XV, Algorithm 1) where it gives one and
/// scikit-learn's where it is silent. Null means "derive from the data".
/// </summary>
public sealed record ScanParameters
{
    /// <summary>Seed images per class, drawn from the training data regardless of label.</summary>
    public int Seeds { get; init; } = 500;
    /// <summary>L2 radius of the translation ball; null = 100 for single-channel and 500 for colour images, as the paper.</summary>
    public double? Epsilon { get; init; }
    /// <summary>PGD steps. The paper gives none; 30 steps of 2.0 travel the 60 L2 units of the usual 60 x 1.0 in half the time (README).</summary>
    public int Steps { get; init; } = 30;
    public double StepSize { get; init; } = 2.0;
    /// <summary>Clean training images of the class whose features join the translated ones.</summary>
    public int CleanPerClass { get; init; } = 500;
    public double Perplexity { get; init; } = 30;
    /// <summary>Mean-shift bandwidth; null = estimated per class like scikit-learn's estimate_bandwidth.</summary>
    public double? Bandwidth { get; init; }
    public double BandwidthQuantile { get; init; } = 0.3;
    /// <summary>Decision rule: "trigger" (default), "shift", or "paper" (more than <see cref="PaperClusterLimit"/> clusters).</summary>
    public string Rule { get; init; } = DecisionRules.Trigger;
    public int PaperClusterLimit { get; init; } = 2;
    /// <summary>Anomaly index above which a class's translation shift is flagged (see README, "Decision rule").</summary>
    public double AnomalyThreshold { get; init; } = 3.0;
    /// <summary>The shift rule also needs most translated images to land outside the class: landing below this fraction.</summary>
    public double LandingLimit { get; init; } = 0.5;
    /// <summary>Random seed for sampling, t-SNE and anything else random; a scan is repeatable for a given seed.</summary>
    public int RandomSeed { get; init; }
    /// <summary>
    /// Independent runs of the whole detection, with seeds <see cref="RandomSeed"/>, +1, ...; a class
    /// is suspicious when more than half of them flag it (the paper recommends repeated runs).
    /// </summary>
    public int Runs { get; init; } = 1;
    /// <summary>Batch size for translation and feature extraction.</summary>
    public int BatchSize { get; init; } = 250;
    /// <summary>Classes to scan; null = all.</summary>
    public IReadOnlyList<int>? Classes { get; init; }

    public RobustnessParameters Robustness { get; init; } = new();

    /// <summary>"auto" (AEGIS on robust models, Neural Cleanse otherwise), "aegis", "neural-cleanse" or "mm-bd" (<see cref="Detectors"/>).</summary>
    public string Detector { get; init; } = Detectors.Auto;
    /// <summary>Neural Cleanse's knobs, used when it is the detector.</summary>
    public NeuralCleanseParameters NeuralCleanse { get; init; } = new();
    /// <summary>MM-BD's knobs, used when it is the detector.</summary>
    public MmBdParameters MmBd { get; init; } = new();
    /// <summary>The causal check behind the trigger rule.</summary>
    public TriggerProbeParameters Trigger { get; init; } = new();
    /// <summary>The input-gate probe that runs before any detector.</summary>
    public InputGateParameters InputGate { get; init; } = new();

    public double EpsilonFor(ImageShape shape) => Epsilon ?? (shape.Channels == 1 ? 100.0 : 500.0);

    /// <summary>
    /// The classes a scan of a model with <paramref name="classCount"/> classes covers: <see cref="Classes"/>
    /// (each checked against the model, in order, once) or all of them. The one check every driver uses.
    /// </summary>
    /// <exception cref="Verdicts.ScanFailureException">invalid-parameters: a listed class the model does not have.</exception>
    public IReadOnlyList<int> ClassesOf(int classCount)
    {
        var classes = Classes ?? Enumerable.Range(0, classCount).ToArray();
        foreach (var label in classes.Where(l => l < 0 || l >= classCount))
            throw new Verdicts.ScanFailureException(Verdicts.ErrorCodes.InvalidParameters, $"Class {label} does not exist: the model has classes 0..{classCount - 1}.");
        return classes.Distinct().Order().ToArray();
    }
}

/// <summary>The paper's pre-check (V-C): AEGIS only applies to adversarially robust models.</summary>
public sealed record RobustnessParameters
{
    public bool Enabled { get; init; } = true;
    /// <summary>Scan even when the model looks non-robust.</summary>
    public bool Force { get; init; }
    /// <summary>Held-out images attacked.</summary>
    public int Samples { get; init; } = 500;
    /// <summary>L2 budget; null = 1.5 for 28x28 single-channel data and 0.5 for colour, the usual L2 training budgets.</summary>
    public double? Epsilon { get; init; }
    public int Steps { get; init; } = 10;
    /// <summary>Step size as a fraction of epsilon (2.5·ε/steps is Madry et al.'s choice).</summary>
    public double? StepSize { get; init; }
    /// <summary>A model is robust when it keeps at least this fraction of its clean accuracy under the attack.</summary>
    public double MinRetainedAccuracy { get; init; } = 0.5;

    public double EpsilonFor(ImageShape shape) => Epsilon ?? (shape.Channels == 1 ? 1.5 : 0.5);
    public double StepSizeFor(ImageShape shape) => StepSize ?? 2.5 * EpsilonFor(shape) / Steps;
}

public static class DecisionRules
{
    public const string Trigger = "trigger";
    public const string Shift = "shift";
    public const string Paper = "paper";
    public static readonly IReadOnlyList<string> All = [Trigger, Shift, Paper];
}
