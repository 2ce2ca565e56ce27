using Aegis.Core.Verdicts;

namespace Aegis.Core.Detection;

/// <summary>
/// The one check of <see cref="ScanParameters"/>, used by every entry point (command line, HTTP
/// API, sidecar manifest, the scan itself). Ranges keep the method meaningful and the cost
/// bounded: the upper limits sit 20x above the paper's values (500 seeds and clean images, 60 PGD
/// steps), so no sensible scan meets them while a caller cannot ask for a scan that runs for
/// days. Invalid parameters are an input error (an error verdict or a 400), never a retried run.
/// </summary>
public static class ScanParameterLimits
{
    public const int MaxImagesPerClass = 10_000;
    /// <summary>Each run is a whole scan; ten already multiply its time tenfold.</summary>
    public const int MaxRuns = 10;
    public const int MaxSteps = 1_000;
    public const int MaxBatchSize = 4_096;
    public const int MaxClasses = 1_000;
    /// <summary>An L2 distance or step no image in [0,1] of up to 3x224x224 can need (its diagonal is about 388).</summary>
    public const double MaxDistance = 10_000;
    /// <summary>Robust z-scores beyond 100 cannot come from ten or a thousand classes; a larger threshold could never flag.</summary>
    public const double MaxAnomalyThreshold = 100;

    /// <summary>Every problem with the parameters, as sentences naming the field; empty when they are valid.</summary>
    public static IReadOnlyList<string> Validate(this ScanParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok)
                problems.Add(problem);
        }

        Check(parameters.Seeds is >= 1 and <= MaxImagesPerClass, $"seeds must be in 1..{MaxImagesPerClass}.");
        Check(parameters.Runs is >= 1 and <= MaxRuns, $"runs must be in 1..{MaxRuns}.");
        Check(parameters.Epsilon is null || Distance(parameters.Epsilon.Value), $"epsilon must be positive and at most {MaxDistance}.");
        Check(parameters.Steps is >= 1 and <= MaxSteps, $"steps must be in 1..{MaxSteps}.");
        Check(Distance(parameters.StepSize), $"stepSize must be positive and at most {MaxDistance}.");
        Check(parameters.CleanPerClass is >= 2 and <= MaxImagesPerClass, $"cleanPerClass must be in 2..{MaxImagesPerClass}.");
        // t-SNE (like scikit-learn's) needs a perplexity below the number of embedded points.
        Check(parameters.Perplexity > 0 && parameters.Perplexity < parameters.Seeds + parameters.CleanPerClass,
            "perplexity must be positive and below seeds + cleanPerClass.");
        Check(parameters.Bandwidth is null || Distance(parameters.Bandwidth.Value), $"bandwidth must be positive and at most {MaxDistance}.");
        Check(parameters.BandwidthQuantile is > 0 and <= 1, "bandwidthQuantile must be in (0, 1].");
        Check(DecisionRules.All.Contains(parameters.Rule), $"rule must be one of {string.Join(", ", DecisionRules.All)}.");
        Check(parameters.PaperClusterLimit is >= 1 and <= 100, "paperClusterLimit must be in 1..100.");
        Check(parameters.AnomalyThreshold > 0 && parameters.AnomalyThreshold <= MaxAnomalyThreshold, $"anomalyThreshold must be positive and at most {MaxAnomalyThreshold}.");
        Check(parameters.LandingLimit is >= 0 and <= 1, "landingLimit must be in [0, 1].");
        Check(parameters.BatchSize is >= 1 and <= MaxBatchSize, $"batchSize must be in 1..{MaxBatchSize}.");
        if (parameters.Classes is { } classes)
        {
            Check(classes.Count is >= 1 and <= MaxClasses, $"classes must list 1..{MaxClasses} labels (or be left out for all).");
            Check(classes.All(c => c >= 0), "classes must be non-negative labels.");
            Check(classes.Distinct().Count() == classes.Count, "classes must not repeat a label.");
        }

        Check(Detectors.All.Contains(parameters.Detector), $"detector must be one of {string.Join(", ", Detectors.All)}.");
        if (parameters.NeuralCleanse is null)
            problems.Add("neuralCleanse must be an object (or left out for the defaults).");
        else
            problems.AddRange(parameters.NeuralCleanse.Problems());
        if (parameters.MmBd is null)
            problems.Add("mmBd must be an object (or left out for the defaults).");
        else
            problems.AddRange(parameters.MmBd.Problems());
        var trigger = parameters.Trigger;
        if (trigger is null)
            problems.Add("trigger must be an object (or left out for the defaults).");
        else
        {
            Check(trigger.MaskFraction is > 0 and <= 1, "trigger.maskFraction must be in (0, 1].");
            Check(trigger.MinGroupFraction is >= 0 and <= 1, "trigger.minGroupFraction must be in [0, 1].");
            Check(trigger.ProbesPerClass is >= 1 and <= MaxImagesPerClass, $"trigger.probesPerClass must be in 1..{MaxImagesPerClass}.");
            Check(trigger.FlipThreshold is null or (> 0 and < 1), "trigger.flipThreshold must be in (0, 1) or left out.");
            Check(trigger.NullFlipRate is > 0 and < 1, "trigger.nullFlipRate must be in (0, 1).");
            Check(trigger.Significance is > 0 and < 0.5, "trigger.significance must be in (0, 0.5).");
        }

        if (parameters.InputGate is null)
            problems.Add("inputGate must be an object (or left out for the defaults).");
        else
            problems.AddRange(parameters.InputGate.Problems());

        var robustness = parameters.Robustness;
        if (robustness is null)
        {
            problems.Add("robustness must be an object (or left out for the defaults).");
            return problems;
        }
        Check(robustness.Samples is >= 1 and <= MaxImagesPerClass, $"robustness.samples must be in 1..{MaxImagesPerClass}.");
        Check(robustness.Epsilon is null || Distance(robustness.Epsilon.Value), $"robustness.epsilon must be positive and at most {MaxDistance}.");
        Check(robustness.Steps is >= 1 and <= MaxSteps, $"robustness.steps must be in 1..{MaxSteps}.");
        Check(robustness.StepSize is null || Distance(robustness.StepSize.Value), $"robustness.stepSize must be positive and at most {MaxDistance}.");
        Check(robustness.MinRetainedAccuracy is >= 0 and <= 1, "robustness.minRetainedAccuracy must be in [0, 1].");
        return problems;
    }

    /// <exception cref="ScanFailureException">With code invalid-parameters, listing every problem.</exception>
    public static void EnsureValid(this ScanParameters parameters)
    {
        var problems = parameters.Validate();
        if (problems.Count > 0)
            throw new ScanFailureException(ErrorCodes.InvalidParameters, "Invalid scan parameters: " + string.Join(" ", problems));
    }

    private static bool Distance(double value) => value > 0 && value <= MaxDistance;
}
