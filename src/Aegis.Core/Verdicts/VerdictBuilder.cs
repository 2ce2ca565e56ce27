using Aegis.Core.Detection;

namespace Aegis.Core.Verdicts;

/// <summary>Everything a finished scan knows, gathered for <see cref="VerdictBuilder"/>.</summary>
public sealed record ScanOutcome
{
    public required ModelInfo Model { get; init; }
    public required DatasetInfo Dataset { get; init; }
    public required ScanParameters Parameters { get; init; }
    public RobustnessReport? Robustness { get; init; }
    public InputGateReport? InputGate { get; init; }
    public IReadOnlyList<ClassAnalysis> Analyses { get; init; } = [];
    public IReadOnlyDictionary<int, IReadOnlyList<ClusterReport>> ClusterDetails { get; init; } = new Dictionary<int, IReadOnlyList<ClusterReport>>();
    public IReadOnlyDictionary<int, IReadOnlyDictionary<string, string>> Artifacts { get; init; } = new Dictionary<int, IReadOnlyDictionary<string, string>>();
    public Timings Timings { get; init; } = new();
    public string? ScanId { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>Turns a scan's outcome into the verdict contract; the one place verdict kinds are chosen.</summary>
public static class VerdictBuilder
{
    public const string ToolName = "aegis-functions";

    public static ScanVerdict Detected(ScanOutcome outcome, Decision decision)
    {
        var paper = decision.PaperRuleClasses.ToHashSet();
        var shift = decision.ShiftRuleClasses.ToHashSet();
        var trigger = decision.TriggerRuleClasses.ToHashSet();
        var parameters = outcome.Parameters;
        var suspicious = decision.SuspiciousClasses.ToHashSet();
        var classes = outcome.Analyses.OrderBy(a => a.Label).Select(a => new ClassReport
        {
            Label = a.Label,
            Clusters = a.ClusterCount,
            Bandwidth = a.Bandwidth,
            TranslatedCount = a.TranslatedCount,
            CleanCount = a.CleanCount,
            TranslationSuccess = a.TranslationSuccess,
            Shift = a.Shift,
            Landing = a.Landing,
            AnomalyIndex = decision.AnomalyIndex.GetValueOrDefault(a.Label),
            PaperSuspicious = paper.Contains(a.Label),
            ShiftSuspicious = shift.Contains(a.Label),
            AnomalyMargin = decision.AnomalyIndex.GetValueOrDefault(a.Label) - parameters.AnomalyThreshold,
            LandingMargin = parameters.LandingLimit - a.Landing,
            Trigger = a.Trigger is { } t ? Report(t, parameters.Trigger.Threshold) : null,
            TriggerSuspicious = trigger.Contains(a.Label),
            RunsFlagging = decision.Runs > 1 ? decision.RunsFlagging.GetValueOrDefault(a.Label) : null,
            Suspicious = suspicious.Contains(a.Label),
            Score = decision.ClassScores.TryGetValue(a.Label, out var score) ? score : ModelScore.Floor,
            ClusterDetails = outcome.ClusterDetails.GetValueOrDefault(a.Label) ?? [],
            Artifacts = outcome.Artifacts.GetValueOrDefault(a.Label) ?? new Dictionary<string, string>(),
        }).ToArray();

        return Scored(Common(outcome), Detectors.Aegis, decision.Score()) with
        {
            Verdict = decision.Backdoored ? VerdictKinds.Backdoored : VerdictKinds.Clean,
            SuspiciousClasses = decision.SuspiciousClasses,
            Classes = classes,
            Decision = new RuleSummary(decision.Rule, decision.Explanation)
            {
                PaperRuleClasses = decision.PaperRuleClasses,
                ShiftRuleClasses = decision.ShiftRuleClasses,
                TriggerRuleClasses = decision.TriggerRuleClasses,
                AllToAll = decision.AllToAll,
                AllToAllClasses = decision.AllToAllClasses,
                Runs = decision.Runs,
            },
        };
    }

    private static TriggerReport Report(TriggerEvidence evidence, double threshold) => new()
    {
        Flip = evidence.Flip,
        Threshold = threshold,
        Margin = evidence.Flip - threshold,
        OverallFlip = evidence.OverallFlip,
        OriginFlip = evidence.OriginFlip,
        Source = evidence.Source,
        Locations = evidence.Patch.Locations,
        Pattern = evidence.Patch.Pattern,
        Candidates = evidence.Candidates,
        Probes = evidence.Probes,
        PeakOrigin = evidence.PeakOrigin,
        PeakFlip = evidence.PeakFlip,
        Matching = evidence.Matching.Classes.Count > 0 ? evidence.Matching : null,
    };


    /// <summary>Neural Cleanse decided (a model the pre-check found not robust, or asked for).</summary>
    public static ScanVerdict NeuralCleanseDetected(ScanOutcome outcome, NeuralCleanseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var suspicious = report.Classes.Where(c => c.Suspicious).Select(c => c.Label).Order().ToArray();
        return Scored(Common(outcome), Detectors.NeuralCleanse, ModelScore.Of(report.Classes.Select(c => c.Score))) with
        {
            Verdict = suspicious.Length > 0 ? VerdictKinds.Backdoored : VerdictKinds.Clean,
            SuspiciousClasses = suspicious,
            Decision = new RuleSummary($"{Detectors.NeuralCleanse}/{report.Rule}", report.Explanation)
            {
                AllToAll = report.AllToAll is { Matching.Detected: true },
                AllToAllClasses = report.AllToAll is { Matching.Detected: true } row ? row.Matching.Classes : [],
            },
            NeuralCleanse = report,
        };
    }

    /// <summary>MM-BD decided (asked for with --detector mm-bd): at most one flagged class, its p-value the score's evidence.</summary>
    public static ScanVerdict MmBdDetected(ScanOutcome outcome, MmBdReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        int[] suspicious = report.FlaggedClass is int flagged ? [flagged] : [];
        return Scored(Common(outcome), Detectors.MmBd, ModelScore.MmBd(report.PValue, report.Significance)) with
        {
            Verdict = suspicious.Length > 0 ? VerdictKinds.Backdoored : VerdictKinds.Clean,
            SuspiciousClasses = suspicious,
            Decision = new RuleSummary(MmBdRule.Name, report.Explanation),
            MmBd = report,
        };
    }

    /// <summary>
    /// The input-gate probe found that the model answers real images differently under changes no real
    /// pipeline notices: backdoored, reason input-gated, without a detector (it could not be trusted to see
    /// the model a real input sees) and without suspicious classes (the probe does not say which).
    /// </summary>
    public static ScanVerdict InputGated(ScanOutcome outcome)
    {
        var gate = outcome.InputGate is { Gated: true } report ? report : throw new ArgumentException("The outcome's input-gate probe did not flag the model.", nameof(outcome));
        // No lab model calibrates a gate (every gated model is built to be one), so the probability is the score's plain logistic, named "uncalibrated".
        double score = ModelScore.InputGate(gate);
        var calibration = ScoreCalibration.Uncalibrated(InputGateRule.Name);
        return Common(outcome) with
        {
            Score = score,
            Probability = calibration.Probability(score),
            Calibration = calibration.Name,
            Verdict = VerdictKinds.Backdoored,
            Decision = new RuleSummary(InputGateRule.Name, gate.Explanation) { Reason = InputGateRule.Reason },
        };
    }

    /// <summary>No detector applies: AEGIS was asked for and the model failed the robustness pre-check.</summary>
    public static ScanVerdict NotApplicable(ScanOutcome outcome) => Common(outcome) with
    {
        Verdict = VerdictKinds.NotApplicable,
    };

    public static ScanVerdict Failed(ScanOutcome? outcome, string code, string message)
    {
        var failed = ScanVerdict.Failed(code, message);
        return outcome is null ? failed with { Tool = ToolName } : Common(outcome) with { Verdict = VerdictKinds.Error, Error = failed.Error };
    }

    /// <summary>The detector, its score and the probability its shipped calibration gives that score.</summary>
    private static ScanVerdict Scored(ScanVerdict verdict, string detector, double score)
    {
        var calibration = ScoreCalibration.For(detector);
        return verdict with { Detector = detector, Score = score, Probability = calibration.Probability(score), Calibration = calibration.Name };
    }

    private static ScanVerdict Common(ScanOutcome outcome) => new()
    {
        Verdict = VerdictKinds.Error,
        Model = outcome.Model,
        Dataset = outcome.Dataset,
        Parameters = outcome.Parameters,
        Robustness = outcome.Robustness,
        InputGate = outcome.InputGate,
        TimingsSeconds = outcome.Timings,
        ScanId = outcome.ScanId,
        StartedAt = outcome.StartedAt,
        CompletedAt = outcome.CompletedAt,
        Tool = ToolName,
    };
}
