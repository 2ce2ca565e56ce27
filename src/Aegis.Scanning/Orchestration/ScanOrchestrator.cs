using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Workers;

namespace Aegis.Scanning.Orchestration;

/// <summary>
/// The scan, as a Durable-shaped orchestrator: PrepareScan → TranslateClass(c) for every class in
/// parallel, each followed by EmbedAndCluster(c) → DecideVerdict → WriteVerdict → Promote →
/// PublishAlert. Deterministic: activity calls and Task.WhenAll only, so replaying it from
/// checkpoints takes the same path.
/// </summary>
public static class ScanOrchestrator
{
    public const string Name = nameof(ScanOrchestrator);

    private static readonly RetryPolicy Storage = new(3, TimeSpan.FromSeconds(2));
    /// <summary>The worker pool already moves a class between workers; this covers a pool that found none alive.</summary>
    private static readonly RetryPolicy Translation = new(3, TimeSpan.FromSeconds(10));

    public static async Task<object> RunAsync(IOrchestrationContext context)
    {
        var input = context.GetInput<ScanInput>();
        context.SetCustomStatus(new ScanStage("preparing"));
        var scan = await context.CallActivityAsync<PreparedScan>(ActivityNames.PrepareScan, input, Storage);

        VerdictRequest request;
        if (scan.Error is not null || !scan.Applicable)
        {
            request = new VerdictRequest { Scan = scan, Error = scan.Error };
        }
        else
        {
            context.SetCustomStatus(new ScanStage("scanning"));
            try
            {
                var classes = await Task.WhenAll(scan.Classes.Select(label => ScanClassAsync(context, scan, label)));
                var analyses = classes.Select(c => c.Analysis).ToArray();
                var decision = await context.CallActivityAsync<Decision>(ActivityNames.DecideVerdict,
                    new DecideInput(scan.ScanId, analyses, scan.Parameters), Storage);
                request = new VerdictRequest { Scan = scan, Features = classes.Select(c => c.Features).ToArray(), Analyses = analyses, Decision = decision };
            }
            catch (ActivityFailedException e)
            {
                request = new VerdictRequest { Scan = scan, Error = new ScanError(e.ErrorCode ?? ErrorCodes.Internal, e.Message) };
            }
        }

        context.SetCustomStatus(new ScanStage("writing verdict"));
        var summary = await context.CallActivityAsync<ScanSummary>(ActivityNames.WriteVerdict, request, Storage);
        var promotion = await context.CallActivityAsync<PromotionResult>(ActivityNames.Promote, new PromoteInput(summary, scan.Source), Storage);
        summary = summary with { PromotedTo = promotion.Destination };
        await context.CallActivityAsync<AlertResult>(ActivityNames.PublishAlert, new AlertInput(summary), Storage);
        context.SetCustomStatus(new ScanStage("done"));
        return summary;
    }

    private static async Task<(FeaturesRef Features, ClassAnalysis Analysis)> ScanClassAsync(IOrchestrationContext context, PreparedScan scan, int label)
    {
        var features = await context.CallActivityAsync<FeaturesRef>(ActivityNames.TranslateClass,
            new TranslationRequest(scan.ScanId, label, scan.Source, scan.Dataset, scan.Parameters), Translation);
        var analysis = await context.CallActivityAsync<ClassAnalysis>(ActivityNames.EmbedAndCluster,
            new EmbedInput(scan.ScanId, features, scan.Parameters), Storage);
        return (features, analysis);
    }
}

/// <summary>The orchestrator's custom status: which stage the scan is in.</summary>
public sealed record ScanStage(string Stage);
