using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Reporting.Tests.Page;

/// <summary>
/// A small scan written to a folder the way a real one is: four synthetic classes (class 3
/// carries the trigger) drawn by <see cref="ScanReportWriter"/>, the overview, and the verdict.
/// </summary>
internal static class SampleScan
{
    public const int Target = 3;

    public static ScanVerdict Write(string folder)
    {
        var shape = new ImageShape(1, 28, 28);
        var parameters = new ScanParameters();
        var decision = new Decision
        {
            Rule = DecisionRules.Shift,
            SuspiciousClasses = [Target],
            PaperRuleClasses = [Target],
            ShiftRuleClasses = [Target],
            AnomalyIndex = new Dictionary<int, double> { [0] = -0.4, [1] = 0.3, [2] = 1.1, [Target] = 6.2 },
            Explanation = "Shift rule: a test explanation with <markup> & symbols.",
        };
        var writer = new ScanReportWriter(folder);
        var reports = new List<ClassReport>();
        for (int label = 0; label < 4; label++)
        {
            var (features, analysis) = SyntheticClass.Create(shape, label: label, triggered: label == Target ? 24 : 0);
            var artifacts = writer.WriteClass(features, analysis, decision);
            reports.Add(new ClassReport
            {
                Label = label,
                Clusters = analysis.ClusterCount,
                Bandwidth = analysis.Bandwidth,
                TranslatedCount = analysis.TranslatedCount,
                CleanCount = analysis.CleanCount,
                TranslationSuccess = 0.98,
                Shift = label == Target ? 3.7 : 1.0 + 0.1 * label,
                AnomalyIndex = decision.AnomalyIndex[label],
                Landing = label == Target ? 0.02 : 0.97,
                PaperSuspicious = label == Target,
                ShiftSuspicious = label == Target,
                Trigger = Trigger(label == Target ? 0.56 : 0.02, parameters.Trigger.Threshold),
                TriggerSuspicious = label == Target,
                Suspicious = label == Target,
                ClusterDetails = ClusterEvidence.Summarise(features, analysis),
                Artifacts = artifacts,
            });
        }
        writer.WriteOverview(reports, parameters);
        return new ScanVerdict
        {
            Verdict = VerdictKinds.Backdoored,
            SuspiciousClasses = [Target],
            Classes = reports,
            Model = new ModelInfo("sample <model>.pt", new string('a', 64), "torchscript"),
            Dataset = new DatasetInfo("fashion-mnist", "/data"),
            Parameters = parameters,
            Decision = new RuleSummary(decision.Rule, decision.Explanation) { PaperRuleClasses = [Target], ShiftRuleClasses = [Target] },
            Robustness = new RobustnessReport { CleanAccuracy = 0.8, AdversarialAccuracy = 0.6, Robust = true, Samples = 500, Epsilon = 1.5, Steps = 10, Norm = "L2" },
            TimingsSeconds = new Timings { Total = 42 },
            Tool = VerdictBuilder.ToolName,
            Detector = Detectors.Aegis,
            Score = 1.07,
            Probability = 0.987,
            Calibration = "lab-robust",
        };
    }

    private static TriggerReport Trigger(double flip, double threshold) => new()
    {
        Flip = flip,
        Threshold = threshold,
        Margin = flip - threshold,
        OverallFlip = flip,
        OriginFlip = new Dictionary<int, double> { [0] = flip },
        Source = "all",
        Locations = [0],
        Pattern = [1f],
        Candidates = 1,
        Probes = 150,
    };
}
