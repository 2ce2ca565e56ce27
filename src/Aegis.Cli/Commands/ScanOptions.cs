using System.CommandLine;
using Aegis.Core.Detection;

namespace Aegis.Cli.Commands;

/// <summary>The scan knobs as command-line options, shared by `scan`, `bench` and `demo`.</summary>
public sealed class ScanOptions
{
    private static readonly ScanParameters Defaults = new();

    public Option<int> Seeds { get; } = new("--seeds") { Description = "Seed images translated toward each class (paper: 500).", DefaultValueFactory = _ => Defaults.Seeds };
    public Option<double?> Epsilon { get; } = new("--epsilon") { Description = "L2 radius of the translation (default: 100 for grayscale, 500 for colour images, as the paper)." };
    public Option<int> Steps { get; } = new("--steps") { Description = "PGD steps of the translation.", DefaultValueFactory = _ => Defaults.Steps };
    public Option<double> StepSize { get; } = new("--step-size") { Description = "L2 length of each PGD step.", DefaultValueFactory = _ => Defaults.StepSize };
    public Option<int> CleanPerClass { get; } = new("--clean") { Description = "Clean training images per class embedded with the translated ones.", DefaultValueFactory = _ => Defaults.CleanPerClass };
    public Option<double> Perplexity { get; } = new("--perplexity") { Description = "t-SNE perplexity (paper: 30).", DefaultValueFactory = _ => Defaults.Perplexity };
    public Option<double?> Bandwidth { get; } = new("--bandwidth") { Description = "Mean-shift bandwidth (default: estimated per class like scikit-learn's estimate_bandwidth, quantile 0.3)." };
    public Option<string> Rule { get; } = new("--rule") { Description = "Decision rule: 'trigger' (a small patch lifted from the translations moves other classes' held-out images to the class; default, see README), 'shift' (translation-shift outlier) or 'paper' (more than 2 clusters).", DefaultValueFactory = _ => Defaults.Rule };
    public Option<double> Threshold { get; } = new("--threshold") { Description = "Anomaly index above which the shift rule flags a class.", DefaultValueFactory = _ => Defaults.AnomalyThreshold };
    public Option<int[]> Classes { get; } = new("--classes") { Description = "Scan only these classes (default: all), e.g. --classes 3 7.", AllowMultipleArgumentsPerToken = true };
    public Option<int> Runs { get; } = new("--runs") { Description = "Repeat the detection with this many seeds (--seed, +1, ...) and flag a class when more than half of the runs flag it; an odd number avoids ties.", DefaultValueFactory = _ => Defaults.Runs };
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed; a scan is repeatable for a given seed.", DefaultValueFactory = _ => Defaults.RandomSeed };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Images per forward/backward pass.", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<bool> Force { get; } = new("--force") { Description = "Scan with AEGIS even if the model fails the robustness pre-check." };
    public Option<string> Detector { get; } = new("--detector") { Description = "'auto' (AEGIS on models the robustness pre-check finds robust, Neural Cleanse on the others), 'aegis' (not-applicable on a model that is not robust), 'neural-cleanse', or 'mm-bd' (opt-in, data-free: each class's largest logit margin reached from random images, the largest flagged when its Gamma order-statistic p-value is below 0.05; local scans only).", DefaultValueFactory = _ => Defaults.Detector };
    public Option<bool> SkipRobustness { get; } = new("--skip-robustness-check") { Description = "Do not measure robustness at all (the verdict then has no robustness block)." };
    public Option<bool> SkipInputGate { get; } = new("--skip-input-gate") { Description = "Do not run the input-gate probe (for studies: a model that answers the scanner with another network then meets only the detectors)." };
    public Option<bool> SkipAllToAll { get; } = new("--skip-all-to-all") { Description = "Do not run Neural Cleanse's all-to-all row (for studies and timing: an all-to-all backdoor in a standard model then goes unseen)." };

    public ScanOptions()
    {
        Rule.AcceptOnlyFromAmong([.. DecisionRules.All]);
        Detector.AcceptOnlyFromAmong([.. Detectors.All]);
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Seeds, Epsilon, Steps, StepSize, CleanPerClass, Perplexity, Bandwidth, Rule, Threshold, Classes, Runs, Seed, BatchSize, Force, Detector, SkipRobustness, SkipInputGate, SkipAllToAll })
            command.Options.Add(option);
    }

    /// <summary>
    /// The parameters checked with <see cref="ScanParameterLimits"/>, or null after printing each
    /// problem to standard error (the caller then exits with the usage code).
    /// </summary>
    public ScanParameters? ReadValid(ParseResult parse)
    {
        var parameters = Read(parse);
        var problems = parameters.Validate();
        foreach (var problem in problems)
            Console.Error.WriteLine($"error: {problem}");
        return problems.Count == 0 ? parameters : null;
    }

    public ScanParameters Read(ParseResult parse)
    {
        var classes = parse.GetValue(Classes);
        return new ScanParameters
        {
            Seeds = parse.GetValue(Seeds),
            Epsilon = parse.GetValue(Epsilon),
            Steps = parse.GetValue(Steps),
            StepSize = parse.GetValue(StepSize),
            CleanPerClass = parse.GetValue(CleanPerClass),
            Perplexity = parse.GetValue(Perplexity),
            Bandwidth = parse.GetValue(Bandwidth),
            Rule = parse.GetValue(Rule)!,
            AnomalyThreshold = parse.GetValue(Threshold),
            Classes = classes is { Length: > 0 } ? classes.Distinct().Order().ToArray() : null,
            Runs = parse.GetValue(Runs),
            RandomSeed = parse.GetValue(Seed),
            BatchSize = parse.GetValue(BatchSize),
            Detector = parse.GetValue(Detector)!,
            Robustness = new RobustnessParameters { Enabled = !parse.GetValue(SkipRobustness), Force = parse.GetValue(Force) },
            InputGate = new InputGateParameters { Enabled = !parse.GetValue(SkipInputGate) },
            NeuralCleanse = new NeuralCleanseParameters { AllToAll = !parse.GetValue(SkipAllToAll) },
        };
    }
}
