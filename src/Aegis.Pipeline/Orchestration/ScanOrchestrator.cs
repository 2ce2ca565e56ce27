using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Telemetry;
using Aegis.Pipeline.Workers;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// AEGIS (Algorithm 1) as a durable orchestration: prepare the scan; for every class in parallel
/// translate seeds toward it and extract features (TranslateClass), embed with t-SNE and cluster
/// with mean shift (EmbedAndCluster), then check the patches lifted from its translations on the
/// model (ProbeTrigger, the trigger rule's causal check); decide over all classes; write the
/// verdict; alert; promote. A model the pre-check finds not robust gets Neural Cleanse instead
/// (ReverseTriggers), as <c>aegis scan</c> chooses. Input errors and deterministic failures (a numerical failure) end in an error verdict
/// at once. A transient failure that outlasts the activities' retries ends the run: the scan runs
/// again later, keeping what it finished, and is poisoned after <see cref="RunPolicy.MaxRuns"/>
/// runs. Deterministic: activity calls, timers and Task.WhenAll only.
/// </summary>
public sealed class ScanOrchestrator : TaskOrchestrator<ScanRequest, ScanSummary>
{
    public override async Task<ScanSummary> RunAsync(TaskOrchestrationContext context, ScanRequest request)
    {
        var run = new ScanRun(context, request);
        try
        {
            var verdict = run.Verdict ??= await ScanAsync(context, run);
            if (!run.Alerted)
            {
                // Before promotion, so the BackdoorDetected alert never waits on it.
                run.Stage("alerting");
                await context.CallActivityAsync<AlertResult>(nameof(PublishAlertActivity), verdict, run.Retry);
                run.Alerted = true;
            }
            run.Stage("promoting");
            var promotion = await context.CallActivityAsync<PromotionResult>(nameof(PromoteActivity), new PromoteRequest(verdict, request.Model), run.Retry);
            run.Stage("done");
            return verdict with { PromotedTo = promotion.Destination };
        }
        catch (TaskFailedException failure)
        {
            return await RunAgainLaterAsync(context, run, failure.Message);
        }
    }

    private static async Task<ScanSummary> ScanAsync(TaskOrchestrationContext context, ScanRun run)
    {
        var scan = run.Prepared ??= await context.CallActivityAsync<PreparedScan>(nameof(PrepareScanActivity), run.Request, run.Retry);
        if (scan.Error is not null)
            return await WriteVerdictAsync(context, run, new VerdictRequest { Scan = scan, Error = scan.Error });
        switch (scan.ChosenDetector())
        {
            case null:
                return await WriteVerdictAsync(context, run, new VerdictRequest { Scan = scan });
            case Detectors.NeuralCleanse:
                return await CleanseAsync(context, run, scan);
        }

        run.Scanning(scan.Classes);
        var classes = await Task.WhenAll(scan.Classes.Select(label => ScanClassAsync(context, run, scan, label)));
        if (classes.Select(c => c.Error).FirstOrDefault(e => e is not null) is { } rejected)
            return await WriteVerdictAsync(context, run, new VerdictRequest { Scan = scan, Error = rejected });

        var results = classes.Select(c => c.Result!).ToArray();
        var analyses = results.Select(c => c.Analysis).ToArray();
        run.Stage("deciding");
        var decision = await context.CallActivityAsync<Decision>(nameof(DecideVerdictActivity), new DecideRequest(analyses, scan.Parameters), run.Retry);
        return await WriteVerdictAsync(context, run, new VerdictRequest
        {
            Scan = scan, Features = results.Select(c => c.Features).ToArray(), Analyses = analyses, Decision = decision,
        });
    }

    /// <summary>Neural Cleanse over every class in one activity (kept across runs), then the verdict.</summary>
    private static async Task<ScanSummary> CleanseAsync(TaskOrchestrationContext context, ScanRun run, PreparedScan scan)
    {
        run.Stage("reversing triggers");
        var cleanse = run.Cleansed ??= await context.CallActivityAsync<CleanseResult>(nameof(ReverseTriggersActivity),
            new CleanseRequest(scan.ScanId, scan.Source, scan.Dataset, scan.Parameters, scan.Classes, scan.Model?.InputShape ?? ""), run.Retry);
        return await WriteVerdictAsync(context, run, new VerdictRequest { Scan = scan, Cleanse = cleanse, Error = cleanse.Error });
    }

    /// <summary>Steps 1–4 of Algorithm 1 for one class and its trigger check; a class an earlier run finished is not redone.</summary>
    private static async Task<(ClassResult? Result, ScanError? Error)> ScanClassAsync(TaskOrchestrationContext context, ScanRun run, PreparedScan scan, int label)
    {
        if (run.Finished(label) is { } finished)
            return (finished, null);
        var translation = await context.CallActivityAsync<ClassTranslation>(nameof(TranslateClassActivity),
            new TranslationRequest(scan.ScanId, label, scan.Source, scan.Dataset, scan.Parameters), run.Retry);
        if (translation.Features is not { } features)
            return (null, translation.Error ?? new ScanError(ErrorCodes.Internal, $"Class {label} was neither translated nor rejected."));
        run.Translated(label);
        var embedding = await context.CallActivityAsync<ClassEmbedding>(nameof(EmbedAndClusterActivity), new EmbedRequest(features, scan.Parameters), run.Retry);
        if (embedding.Analysis is not { } analysis)
            return (null, embedding.Error ?? new ScanError(ErrorCodes.Internal, $"Class {label} was neither analysed nor failed."));
        if (scan.Parameters.Trigger.Enabled)
        {
            var probe = await context.CallActivityAsync<ClassProbe>(nameof(ProbeTriggerActivity),
                new ProbeRequest(scan.ScanId, scan.Source, scan.Dataset, scan.Parameters, scan.Model?.Classes ?? 0, features, analysis), run.Retry);
            if (probe.Analysis is not { } probed)
                return (null, probe.Error ?? new ScanError(ErrorCodes.Internal, $"Class {label} was neither probed nor rejected."));
            analysis = probed;
        }
        return (run.Finish(new ClassResult(features, analysis)), null);
    }

    private static async Task<ScanSummary> WriteVerdictAsync(TaskOrchestrationContext context, ScanRun run, VerdictRequest request)
    {
        run.Stage("writing verdict");
        return await context.CallActivityAsync<ScanSummary>(nameof(WriteVerdictActivity), request, run.Retry);
    }

    /// <summary>
    /// A transient failure ended this run: wait (durably), then run again with what this run
    /// finished, or, after the last run, poison the scan without touching a verdict already written.
    /// </summary>
    private static async Task<ScanSummary> RunAgainLaterAsync(TaskOrchestrationContext context, ScanRun run, string failure)
    {
        var earlier = run.CarryOver(failure);
        var policy = run.Request.Runs;
        if (!context.IsReplaying)
            ScanTelemetry.RecordScanFailure();
        if (earlier.Count < policy.MaxRuns)
        {
            run.Stage("waiting to run again");
            await context.CreateTimer(policy.DelayAfter(earlier.Count), CancellationToken.None);
            context.ContinueAsNew(run.Request with { Earlier = earlier });
            return default!; // a run that continues as new has no output
        }

        run.Stage("poisoned");
        if (earlier.Verdict is { } verdict)
            return verdict with { FollowUpFailure = failure };
        var poisoned = await context.CallActivityAsync<ScanSummary>(nameof(WritePoisonVerdictActivity),
            new PoisonRequest(run.Request, earlier.Count, failure), run.Retry);
        if (earlier.Alerted)
            return poisoned;
        try
        {
            await context.CallActivityAsync<AlertResult>(nameof(PublishAlertActivity), poisoned, run.Retry);
            return poisoned;
        }
        catch (TaskFailedException alertFailure)
        {
            return poisoned with { FollowUpFailure = alertFailure.Message };
        }
    }
}
