using Aegis.Core.Detection;

namespace Aegis.Core.Verdicts;

/// <summary>The verdict contract (schemaVersion 1, DESIGN.md). Extra fields are allowed; these keep their names.</summary>
public sealed record ScanVerdict
{
    public int SchemaVersion { get; init; } = 1;
    /// <summary>One of <see cref="VerdictKinds"/>.</summary>
    public required string Verdict { get; init; }
    public IReadOnlyList<int> SuspiciousClasses { get; init; } = [];
    public IReadOnlyList<ClassReport> Classes { get; init; } = [];
    public ModelInfo? Model { get; init; }
    public DatasetInfo? Dataset { get; init; }
    public ScanParameters? Parameters { get; init; }
    /// <summary>The decision rule that produced <see cref="Verdict"/> and what the other rule would say.</summary>
    public RuleSummary? Decision { get; init; }
    public RobustnessReport? Robustness { get; init; }
    /// <summary>The detector that decided: "aegis", "neural-cleanse" or "mm-bd" (<see cref="Detectors"/>); null when none ran.</summary>
    public string? Detector { get; init; }
    /// <summary>
    /// How far the deciding rule's strongest evidence lies beyond its line, in units of the line
    /// (<see cref="ModelScore"/>): above 0 for a backdoored verdict. Null only when no detector judged the
    /// model (an error, not-applicable).
    /// </summary>
    public double? Score { get; init; }
    /// <summary>The probability that the model is backdoored: <see cref="Score"/> through the detector's <see cref="ScoreCalibration"/>.</summary>
    public double? Probability { get; init; }
    /// <summary>The <see cref="ScoreCalibration"/> that turned the score into the probability.</summary>
    public string? Calibration { get; init; }
    /// <summary>Neural Cleanse's classes, rules and pictures when it was the detector (<see cref="Classes"/> is AEGIS's and stays empty).</summary>
    public NeuralCleanseReport? NeuralCleanse { get; init; }
    /// <summary>MM-BD's classes, test and p-value when it was the detector.</summary>
    public MmBdReport? MmBd { get; init; }
    /// <summary>The input-gate probe that ran before the detector; when it flagged the model, no detector ran.</summary>
    public InputGateReport? InputGate { get; init; }
    public Timings TimingsSeconds { get; init; } = new();
    public ScanError? Error { get; init; }
    public string? ScanId { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Tool { get; init; }
    /// <summary>Where the pipeline ran the scan; null for a local scan.</summary>
    public PipelineInfo? Pipeline { get; init; }
    /// <summary>
    /// True when the scan did not run under the server's policy (parameters from an API caller or a
    /// sidecar, a subset of classes): the verdict informs, but never promotes a model.
    /// </summary>
    public bool Advisory { get; init; }
    /// <summary>Why the verdict is advisory (which override, from where); null when it is not.</summary>
    public string? AdvisoryReason { get; init; }

    public static ScanVerdict Failed(string code, string message, ModelInfo? model = null) => new()
    {
        Verdict = VerdictKinds.Error,
        Model = model,
        Error = new ScanError(code, message),
    };
}

public static class VerdictKinds
{
    public const string Clean = "clean";
    public const string Backdoored = "backdoored";
    public const string NotApplicable = "not-applicable";
    public const string Error = "error";
}

public sealed record ClassReport
{
    public required int Label { get; init; }
    /// <summary>Mean-shift clusters in the t-SNE embedding of translated + clean features (the paper's count).</summary>
    public required int Clusters { get; init; }
    public required double Bandwidth { get; init; }
    public required int TranslatedCount { get; init; }
    public required int CleanCount { get; init; }
    /// <summary>Fraction of translated images classified as this label.</summary>
    public double TranslationSuccess { get; init; }
    /// <summary>Distance between the translated and clean feature centroids over the clean features' RMS spread.</summary>
    public double Shift { get; init; }
    /// <summary>Robust z-score of <see cref="Shift"/> across classes (median / MAD).</summary>
    public double AnomalyIndex { get; init; }
    /// <summary>Fraction of translated images whose features lie nearest this class's clean centroid.</summary>
    public double? Landing { get; init; }
    /// <summary>Flagged under the paper's rule (more than two clusters).</summary>
    public bool PaperSuspicious { get; init; }
    /// <summary>Flagged under the shift rule.</summary>
    public bool ShiftSuspicious { get; init; }
    /// <summary>Anomaly index minus its threshold: positive when the shift is an outlier.</summary>
    public double AnomalyMargin { get; init; }
    /// <summary>Landing limit minus landing: positive when most translations land elsewhere; null without landing.</summary>
    public double? LandingMargin { get; init; }
    /// <summary>The trigger rule's causal check; null when it did not run.</summary>
    public TriggerReport? Trigger { get; init; }
    /// <summary>Flagged under the trigger rule.</summary>
    public bool TriggerSuspicious { get; init; }
    /// <summary>With several runs (--runs): how many flagged this class; null for a single run.</summary>
    public int? RunsFlagging { get; init; }
    /// <summary>Flagged under the rule the verdict used.</summary>
    public bool Suspicious { get; init; }
    /// <summary>The deciding rules' evidence beyond their lines (<see cref="ModelScore"/>): above 0 when suspicious.</summary>
    public double Score { get; init; }
    public IReadOnlyList<ClusterReport> ClusterDetails { get; init; } = [];
    /// <summary>Relative paths of artifacts (plot, grids) beside the verdict.</summary>
    public IReadOnlyDictionary<string, string> Artifacts { get; init; } = new Dictionary<string, string>();
    /// <summary>The pipeline worker that scanned the class (<c>Aegis__WorkerId</c>); null in a local scan.</summary>
    public string? Worker { get; init; }
}

/// <summary>The causal check of one class, as the verdict shows it.</summary>
public sealed record TriggerReport
{
    /// <summary>Median over the other classes of the fraction of their held-out images the strongest patch sends to this class.</summary>
    public required double Flip { get; init; }
    public required double Threshold { get; init; }
    /// <summary><see cref="Flip"/> minus <see cref="Threshold"/>: positive when the class is flagged.</summary>
    public required double Margin { get; init; }
    /// <summary>The same patch's flip rate over all stamped images.</summary>
    public required double OverallFlip { get; init; }
    /// <summary>Per origin class, the fraction of its stamped images sent to this class.</summary>
    public required IReadOnlyDictionary<int, double> OriginFlip { get; init; }
    /// <summary>Which translated images the patch came from ("all" or "cluster-K").</summary>
    public required string Source { get; init; }
    /// <summary>Patch locations (y·width + x) and stamped values (channel-major), to draw or replay it.</summary>
    public required IReadOnlyList<int> Locations { get; init; }
    public required IReadOnlyList<float> Pattern { get; init; }
    public required int Candidates { get; init; }
    public required int Probes { get; init; }
    /// <summary>The origin class any of the class's patches moved most, and that fraction of its images (the all-to-all rule's evidence).</summary>
    public int? PeakOrigin { get; init; }
    public double PeakFlip { get; init; }
    /// <summary>The largest matching one of the class's patches makes on its own (the all-to-all rule's other evidence).</summary>
    public AllToAllFinding? Matching { get; init; }
}

public sealed record ClusterReport
{
    public required int Cluster { get; init; }
    public required int Translated { get; init; }
    public required int Clean { get; init; }
    /// <summary>Mean absolute difference between this cluster's mean image and the class's clean mean image.</summary>
    public double MeanImageDifference { get; init; }
    /// <summary>How many seeds of each true label ended in this cluster.</summary>
    public IReadOnlyDictionary<int, int> SeedLabels { get; init; } = new Dictionary<int, int>();
}

/// <summary>How a pipeline scan ran: the host that wrote the verdict (<c>Aegis__HostId</c>), the run, the trigger.</summary>
public sealed record PipelineInfo(string Host)
{
    /// <summary>1 for the first run; more when transient failures made the scan run again.</summary>
    public int Run { get; init; } = 1;
    /// <summary>How the scan was started: poll, event-grid, blob-trigger, api.</summary>
    public string? Trigger { get; init; }
}

/// <param name="Sha256">SHA-256 of the uploaded model file (of a lab model: its weights).</param>
public sealed record ModelInfo(string Name, string Sha256, string Format)
{
    /// <summary>SHA-256 of the canonical copy the model was loaded from (a TorchScript model: the upload's checked entries, rewritten by the static check).</summary>
    public string? CanonicalSha256 { get; init; }
    public long SizeBytes { get; init; }
    public string? InputShape { get; init; }
    public int? Classes { get; init; }
    public int? FeatureDimension { get; init; }
    /// <summary>Where the model ran: "cpu" or "cuda".</summary>
    public string? Device { get; init; }
    /// <summary>How the model was contained while it ran (its sandbox's isolation and limits).</summary>
    public ContainmentInfo? Containment { get; init; }
}

public sealed record DatasetInfo(string Name, string Source)
{
    public int TrainImages { get; init; }
    public int TestImages { get; init; }
    public string? ImageShape { get; init; }
}

public sealed record RobustnessReport
{
    public required double CleanAccuracy { get; init; }
    public required double AdversarialAccuracy { get; init; }
    public required bool Robust { get; init; }
    public required int Samples { get; init; }
    public required double Epsilon { get; init; }
    public required int Steps { get; init; }
    public required string Norm { get; init; }
    public bool Forced { get; init; }
    public string? Note { get; init; }
}

public sealed record RuleSummary(string Rule, string Explanation)
{
    /// <summary>Why the verdict is what it is when no detector decided: "input-gated" (<see cref="InputGateRule.Reason"/>); null otherwise.</summary>
    public string? Reason { get; init; }
    public IReadOnlyList<int> PaperRuleClasses { get; init; } = [];
    public IReadOnlyList<int> ShiftRuleClasses { get; init; } = [];
    public IReadOnlyList<int> TriggerRuleClasses { get; init; } = [];
    /// <summary>True when the backdoor is all-to-all: the all-to-all rule's matching of classes to their own origins (<see cref="AllToAllClasses"/>); every class is then suspicious.</summary>
    public bool AllToAll { get; init; }
    public IReadOnlyList<int> AllToAllClasses { get; init; } = [];
    /// <summary>Independent runs the verdict combines; a class is suspicious when more than half flag it.</summary>
    public int Runs { get; init; } = 1;
}

public sealed record Timings
{
    public double Robustness { get; init; }
    /// <summary>The input-gate probe.</summary>
    public double InputGate { get; init; }
    public double Translation { get; init; }
    public double Features { get; init; }
    public double Embedding { get; init; }
    public double Clustering { get; init; }
    /// <summary>The trigger rule's causal check, summed over classes.</summary>
    public double TriggerProbe { get; init; }
    /// <summary>Neural Cleanse's trigger reversal and verification, when it ran.</summary>
    public double NeuralCleanse { get; init; }
    /// <summary>MM-BD's margin maximisation, when it ran.</summary>
    public double MmBd { get; init; }
    public double Total { get; init; }
}

public sealed record ScanError(string Code, string Message);

/// <summary>Stable error codes for <see cref="ScanError.Code"/>.</summary>
public static class ErrorCodes
{
    public const string ModelNotFound = "model-not-found";
    public const string ModelUnreadable = "model-unreadable";
    /// <summary>The static model check (Aegis.ModelSafety) found an operator, pickle global or archive entry it does not allow.</summary>
    public const string ModelUnsafe = "model-unsafe";
    public const string ModelContract = "model-contract";
    public const string DatasetInvalid = "dataset-invalid";
    public const string DatasetMismatch = "dataset-mismatch";
    public const string NumericalFailure = "numerical-failure";
    public const string InvalidParameters = "invalid-parameters";
    public const string Internal = "internal";
    public const string Poisoned = "poisoned";
    /// <summary>The exported features do not explain the logits (see FeatureConsistency).</summary>
    public const string FeaturesInconsistent = "features-inconsistent";
    /// <summary>The model's process died (a native crash, an abort, a signal).</summary>
    public const string ModelCrashed = "model-crashed";
    /// <summary>The model overran the scan's wall-clock deadline or stopped making progress.</summary>
    public const string ModelTimeout = "model-timeout";
    /// <summary>The model's process went over its memory limit.</summary>
    public const string ModelMemoryLimit = "model-memory-limit";
    /// <summary>The model wrote more into its sandbox's output folder than the limit allows.</summary>
    public const string ModelOutputLimit = "model-output-limit";
    /// <summary>The sandbox's walls cannot be raised here: neither bubblewrap nor Landlock with seccomp (auto), or not the isolation required; the model was not loaded.</summary>
    public const string SandboxUnavailable = "sandbox-unavailable";
    /// <summary>The requested compute device (e.g. CUDA) is not available in this build or on this machine.</summary>
    public const string DeviceUnavailable = "device-unavailable";
    /// <summary>An input (model, sidecar, dataset) is larger than the configured limit; checked before it is downloaded.</summary>
    public const string InputTooLarge = "input-too-large";
}
