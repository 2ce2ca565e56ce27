using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Evaluation;

/// <summary>One model of an evaluation: what the scan said beside what the model is (evaluation.json's <c>models</c>).</summary>
public sealed record EvaluatedModel
{
    /// <summary>The model's name as listed: its file or folder name in the evaluated folder (as in truth.csv).</summary>
    public required string Model { get; init; }
    /// <summary><see cref="Tracks.Robust"/> or <see cref="Tracks.Standard"/>, from the robustness pre-check; null when the scan ended before it.</summary>
    public string? Track { get; init; }
    public double? Score { get; init; }
    public double? Probability { get; init; }
    public required string Verdict { get; init; }
    public IReadOnlyList<int> SuspiciousClasses { get; init; } = [];
    public string? Detector { get; init; }
    /// <summary>The rules that flagged a class, whether or not they decided: trigger, shift, paper; neural-cleanse, published; or the verdict's reason.</summary>
    public IReadOnlyList<string> RulesFlagging { get; init; } = [];
    /// <summary>The scan's own time (verdict.json's timingsSeconds.total).</summary>
    public double? Seconds { get; init; }
    public ScanError? Error { get; init; }
    /// <summary>The truth: null when neither truth.csv nor the model's model.json says.</summary>
    public bool? Backdoored { get; init; }
    public int? Target { get; init; }
    /// <summary>Every target of a backdoor without a single one (<see cref="ModelTruth.Targets"/>).</summary>
    public IReadOnlyList<int>? Targets { get; init; }
    public string? Mapping { get; init; }
    public string? Trigger { get; init; }
    public double? AttackSuccess { get; init; }
    /// <summary>The scan's verdict.json, relative to the evaluation's folder.</summary>
    public string? VerdictFile { get; init; }

    /// <summary>True when the model counts in the metrics: known truth and a probability.</summary>
    public bool Scored => Backdoored is not null && Probability is not null && Track is not null;

    public static EvaluatedModel From(string model, ScanVerdict verdict, ModelTruth? truth, string? verdictFile)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new EvaluatedModel
        {
            Model = model,
            Track = TrackOf(verdict),
            Score = verdict.Score,
            Probability = verdict.Probability,
            Verdict = verdict.Verdict,
            SuspiciousClasses = verdict.SuspiciousClasses,
            Detector = verdict.Detector,
            RulesFlagging = RulesOf(verdict),
            Seconds = verdict.TimingsSeconds.Total > 0 ? verdict.TimingsSeconds.Total : null,
            Error = verdict.Error,
            VerdictFile = verdictFile,
        }.WithTruth(truth);
    }

    /// <summary>A model that could not be scanned at all (no verdict): an error entry.</summary>
    public static EvaluatedModel Failed(string model, string code, string message, ModelTruth? truth) =>
        new EvaluatedModel { Model = model, Verdict = VerdictKinds.Error, Error = new ScanError(code, message) }.WithTruth(truth);

    public EvaluatedModel WithTruth(ModelTruth? truth) => truth is null ? this : this with
    {
        Backdoored = truth.Backdoored,
        Target = truth.Target,
        Targets = truth.Targets,
        Mapping = truth.Mapping,
        Trigger = truth.Trigger,
        AttackSuccess = truth.AttackSuccess,
    };

    /// <summary>
    /// The robustness pre-check's answer; without one, the track the detector serves; a judged model
    /// that reached neither (an input-gated verdict) is <see cref="Tracks.Unknown"/>, so a false alarm
    /// there still counts; an error before the pre-check has no track.
    /// </summary>
    private static string? TrackOf(ScanVerdict verdict) => verdict.Robustness is { } r
        ? (r.Robust ? Tracks.Robust : Tracks.Standard)
        : verdict.Detector switch
        {
            Detectors.Aegis => Tracks.Robust,
            Detectors.NeuralCleanse => Tracks.Standard,
            _ => verdict.Probability is null ? null : Tracks.Unknown,
        };

    /// <summary>The rules a detector evaluates on every model (each may flag classes whether or not it decides).</summary>
    public static IReadOnlyList<string> RulesOf(string? detector) => detector switch
    {
        Detectors.Aegis => [DecisionRules.Trigger, DecisionRules.Shift, DecisionRules.Paper],
        Detectors.NeuralCleanse => [Detectors.NeuralCleanse, NeuralCleanseRule.Published],
        Detectors.MmBd => [MmBdRule.Name],
        _ => [],
    };

    private static IReadOnlyList<string> RulesOf(ScanVerdict verdict)
    {
        var rules = new List<string>();
        if (verdict.Decision is { } d)
        {
            // The all-to-all rule is part of the trigger rule: its false alarms are the trigger rule's.
            if (d.TriggerRuleClasses.Count > 0 || d.AllToAll)
                rules.Add(DecisionRules.Trigger);
            if (d.ShiftRuleClasses.Count > 0)
                rules.Add(DecisionRules.Shift);
            if (d.PaperRuleClasses.Count > 0)
                rules.Add(DecisionRules.Paper);
        }
        if (verdict.NeuralCleanse is { } cleanse)
        {
            if (cleanse.Classes.Any(c => c.Suspicious))
                rules.Add(Detectors.NeuralCleanse);
            if (cleanse.PublishedRuleClasses.Count > 0)
                rules.Add(NeuralCleanseRule.Published);
        }
        if (verdict.MmBd is { FlaggedClass: not null })
            rules.Add(MmBdRule.Name);
        return rules;
    }
}

/// <summary>The tracks of an evaluation, as the robustness pre-check sorts models.</summary>
public static class Tracks
{
    public const string Robust = "robust";
    public const string Standard = "standard";
    /// <summary>A judged model the pre-check never saw (judged before it, as an input-gated model is).</summary>
    public const string Unknown = "unknown";
}
