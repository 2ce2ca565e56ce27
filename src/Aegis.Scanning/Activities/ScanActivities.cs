using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Alerts;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;

namespace Aegis.Scanning.Activities;

/// <summary>The scan's activities, registered under their Durable names.</summary>
public static class ScanActivities
{
    public static ActivityCatalog Create(ScanStorage storage, BlobCache cache, IModelInspector inspector, ITranslationWorker translation,
        IClassAnalyzer analyzer, IScanArtifacts? artifacts, AlertPublisher alerts)
    {
        var prepare = new PrepareScanActivity(storage, cache, inspector);
        var embed = new EmbedAndClusterActivity(storage, analyzer);
        var write = new WriteVerdictActivity(storage, artifacts);
        var promote = new PromoteActivity(storage);
        return new ActivityCatalog()
            .Add<ScanInput, PreparedScan>(ActivityNames.PrepareScan, prepare.RunAsync)
            .Add<TranslationRequest, FeaturesRef>(ActivityNames.TranslateClass, (request, _, ct) => translation.TranslateAsync(request, ct))
            .Add<EmbedInput, ClassAnalysis>(ActivityNames.EmbedAndCluster, embed.RunAsync)
            .Add<DecideInput, Decision>(ActivityNames.DecideVerdict, (input, _, _) => Task.FromResult(DecisionRule.Decide(input.Analyses, input.Parameters)))
            .Add<VerdictRequest, ScanSummary>(ActivityNames.WriteVerdict, write.RunAsync)
            .Add<PromoteInput, PromotionResult>(ActivityNames.Promote, promote.RunAsync)
            .Add<AlertInput, AlertResult>(ActivityNames.PublishAlert, async (input, _, ct) => new AlertResult(await alerts.PublishAsync(input.Summary, ct)));
    }
}
