using System.Collections.Concurrent;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Tests.Orchestration;

/// <summary>
/// Stand-ins for the scan's activities, registered under the real activities' names, whose
/// results and faults a test scripts: they inject what the real activities cannot be made to do
/// on demand (a worker that fails once, storage that stays down), and count every call.
/// </summary>
internal sealed class ScriptedScan
{
    public static readonly BlobRef Model = new("models", "m.pt", "0x1");

    public ConcurrentQueue<(string Activity, int? Label)> Calls { get; } = new();
    public ConcurrentQueue<ScanSummary> Alerts { get; } = new();
    public ConcurrentQueue<VerdictRequest> Verdicts { get; } = new();

    public IReadOnlyList<int> Classes { get; init; } = [0, 1, 2];
    public ScanError? PrepareError { get; init; }
    public IReadOnlySet<int> Suspicious { get; init; } = new HashSet<int> { 1 };
    /// <summary>Label → how many times its translation throws before it succeeds (int.MaxValue: always).</summary>
    public Dictionary<int, int> TranslationFailures { get; init; } = [];
    public Dictionary<int, ScanError> TranslationRejects { get; init; } = [];
    /// <summary>Classes whose embedding fails as a numerical failure would: deterministically, every time.</summary>
    public IReadOnlySet<int> EmbeddingFailures { get; init; } = new HashSet<int>();
    public bool PromotionFails { get; init; }
    /// <summary>The pre-check finds the model not robust: Neural Cleanse is the detector.</summary>
    public bool NotRobust { get; init; }
    public ScanParameters Parameters { get; init; } = new();

    public int CallsOf(string activity, int? label = null) => Calls.Count(c => c.Activity == activity && (label is null || c.Label == label));

    public void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<ScanOrchestrator>();
        registry.AddActivityFunc<ScanRequest, PreparedScan>(nameof(PrepareScanActivity), (context, request) =>
        {
            Calls.Enqueue((nameof(PrepareScanActivity), null));
            return new PreparedScan
            {
                ScanId = context.InstanceId, Source = request.Model, Dataset = "fashion-mnist", Parameters = Parameters,
                Classes = PrepareError is null ? Classes : [], Error = PrepareError, Model = new ModelInfo("m", "", "torchscript") { Classes = 10, InputShape = "1x28x28" },
                Robustness = NotRobust
                    ? new RobustnessReport { CleanAccuracy = 0.9, AdversarialAccuracy = 0.01, Robust = false, Samples = 60, Epsilon = 1, Steps = 5, Norm = "l2" }
                    : null,
            };
        });
        registry.AddActivityFunc<TranslationRequest, ClassTranslation>(nameof(TranslateClassActivity), (_, request) =>
        {
            int earlier = CallsOf(nameof(TranslateClassActivity), request.Label);
            Calls.Enqueue((nameof(TranslateClassActivity), request.Label));
            if (TranslationRejects.TryGetValue(request.Label, out var error))
                return new ClassTranslation(null, error);
            if (earlier < TranslationFailures.GetValueOrDefault(request.Label))
                throw new WorkerFailedException($"worker for class {request.Label} is down");
            return new ClassTranslation(new FeaturesRef { ScanId = request.ScanId, Label = request.Label, Path = $"scans/{request.ScanId}/features/{request.Label}" });
        });
        registry.AddActivityFunc<EmbedRequest, ClassEmbedding>(nameof(EmbedAndClusterActivity), (_, request) =>
        {
            Calls.Enqueue((nameof(EmbedAndClusterActivity), request.Label));
            if (EmbeddingFailures.Contains(request.Label))
                return new ClassEmbedding(null, new ScanError(ErrorCodes.NumericalFailure, $"Class {request.Label}: t-SNE diverged."));
            return new ClassEmbedding(new ClassAnalysis
            {
                Label = request.Label, TranslatedCount = 1, CleanCount = 1, Embedding = [0, 0, 1, 1], ClusterLabels = [0, 1],
                ClusterCount = Suspicious.Contains(request.Label) ? 3 : 2, Bandwidth = 1, Shift = Suspicious.Contains(request.Label) ? 9 : 1,
            });
        });
        registry.AddActivityFunc<ProbeRequest, ClassProbe>(nameof(ProbeTriggerActivity), (_, request) =>
        {
            Calls.Enqueue((nameof(ProbeTriggerActivity), request.Label));
            return new ClassProbe(request.Analysis);
        });
        registry.AddActivityFunc<CleanseRequest, CleanseResult>(nameof(ReverseTriggersActivity), (_, request) =>
        {
            Calls.Enqueue((nameof(ReverseTriggersActivity), null));
            return new CleanseResult(new ReversedTriggerSet([], null, new ImageShape(1, 28, 28)), 1);
        });
        registry.AddActivityFunc<DecideRequest, Decision>(nameof(DecideVerdictActivity), (_, request) =>
        {
            Calls.Enqueue((nameof(DecideVerdictActivity), null));
            var suspicious = request.Analyses.Where(a => a.ClusterCount > 2).Select(a => a.Label).ToArray();
            return new Decision
            {
                Rule = DecisionRules.Paper, SuspiciousClasses = suspicious, PaperRuleClasses = suspicious, ShiftRuleClasses = [],
                AnomalyIndex = request.Analyses.ToDictionary(a => a.Label, a => a.Shift), Explanation = "scripted",
            };
        });
        registry.AddActivityFunc<VerdictRequest, ScanSummary>(nameof(WriteVerdictActivity), (_, request) =>
        {
            Calls.Enqueue((nameof(WriteVerdictActivity), null));
            Verdicts.Enqueue(request);
            string verdict = request.Error is not null ? VerdictKinds.Error
                : request.Cleanse is not null ? VerdictKinds.Clean
                : request.Decision!.Backdoored ? VerdictKinds.Backdoored : VerdictKinds.Clean;
            return Summary(request.Scan.ScanId, verdict, request.Decision?.SuspiciousClasses ?? [], request.Error);
        });
        registry.AddActivityFunc<PoisonRequest, ScanSummary>(nameof(WritePoisonVerdictActivity), (context, request) =>
        {
            Calls.Enqueue((nameof(WritePoisonVerdictActivity), null));
            return Summary(context.InstanceId, VerdictKinds.Error, [], new ScanError(ErrorCodes.Poisoned, request.LastFailure));
        });
        registry.AddActivityFunc<ScanSummary, AlertResult>(nameof(PublishAlertActivity), (_, summary) =>
        {
            Calls.Enqueue((nameof(PublishAlertActivity), null));
            Alerts.Enqueue(summary);
            return new AlertResult([summary.Verdict]);
        });
        registry.AddActivityFunc<PromoteRequest, PromotionResult>(nameof(PromoteActivity), (_, request) =>
        {
            Calls.Enqueue((nameof(PromoteActivity), null));
            if (PromotionFails)
                throw new InvalidOperationException("quarantine container unreachable");
            return new PromotionResult(request.Summary.Verdict == VerdictKinds.Backdoored ? $"quarantine/{request.Source.Name}" : null);
        });
    }

    private static ScanSummary Summary(string scanId, string verdict, IReadOnlyList<int> suspicious, ScanError? error) => new()
    {
        ScanId = scanId, ModelName = Model.Name, Verdict = verdict, SuspiciousClasses = suspicious,
        VerdictBlob = $"verdicts/m/{scanId}.json", VerdictUrl = $"http://storage/verdicts/m/{scanId}.json", Error = error,
    };
}
