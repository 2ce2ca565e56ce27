using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Telemetry;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// A scan as a durable orchestration, step by step as the paper's Algorithm 1 and its pre-check:
/// Prepare (resolve the dataset and parameters, inspect the model on a worker: static check, contract,
/// robustness pre-check) → AEGIS on a robust model (every class one job on the workers: translate,
/// features, t-SNE, mean shift, trigger check; then Decide over all classes) or Neural Cleanse on a
/// standard one (one job) → WriteVerdict → Alert → (backdoored) Trace the training samples → Promote.
/// An unusable input ends in an error verdict at once. A transient failure that outlasts the activities'
/// retries, or jobs no worker finishes in time, end the run: the scan runs again later, keeping what it
/// finished, and is poisoned after <see cref="RunPolicy.MaxRuns"/> runs. History carries blob
/// references and small outcomes, never arrays of data. Deterministic: activity calls, events, timers.
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
                await context.PublishAlertAsync(verdict, run.Retry);
                run.Alerted = true;
            }
            if (!run.Traced && verdict.Verdict == VerdictKinds.Backdoored && run.Prepared is { TraceSuspects: true } scan)
            {
                // After the BackdoorDetected alert, which never waits on it; before promotion, which may move the model away.
                verdict = run.Verdict = verdict with { Suspects = await TraceSuspectsAsync(context, run, scan, verdict) };
                run.Traced = true;
            }
            run.Stage("promoting");
            var promotion = await context.PromoteAsync(new PromoteRequest(verdict, request.Model), run.Retry);
            run.Stage("done");
            return verdict with { PromotedTo = promotion.Destination };
        }
        catch (TaskFailedException failure)
        {
            return await RunAgainLaterAsync(context, run, failure.Message);
        }
        catch (JobsExpiredException expired)
        {
            return await RunAgainLaterAsync(context, run, expired.Message);
        }
    }

    private static async Task<ScanSummary> ScanAsync(TaskOrchestrationContext context, ScanRun run)
    {
        // Prepare: the scan's dataset and parameters, then the model inspected on a worker.
        var scan = run.Prepared ??= await PrepareAsync(context, run);
        if (scan.Error is not null)
            return await WriteVerdictAsync(context, run, new VerdictRequest(scan));

        switch (scan.ChosenDetector())
        {
            case null:
                // The input-gate probe flagged the model, or the pre-check found it not robust and no detector was asked for that applies.
                return await WriteVerdictAsync(context, run, new VerdictRequest(scan));
            case Detectors.NeuralCleanse:
                run.Stage("reversing triggers");
                var cleanse = (await run.RunJobsAsync(scan.ReverseTriggersJob())).Single();
                return await WriteVerdictAsync(context, run, new VerdictRequest(scan) { Error = cleanse.Error, NeuralCleanseSeconds = cleanse.Seconds });
        }

        // AEGIS, steps 1–4 and the trigger check: every class (and run) one job, all at once, on the workers.
        run.Scanning(scan.Classes);
        var classes = await run.RunJobsAsync(scan.ClassJobs());
        if (classes.Where(c => !c.Succeeded).OrderBy(c => c.Job, StringComparer.Ordinal).FirstOrDefault() is { } failed)
            return await WriteVerdictAsync(context, run, new VerdictRequest(scan) { Error = failed.Error });

        // Step 5: the decision over all classes (and runs).
        run.Stage("deciding");
        await context.DecideVerdictAsync(new DecideRequest(scan.ScanId, scan.Classes, scan.Parameters), run.Retry);
        return await WriteVerdictAsync(context, run, new VerdictRequest(scan));
    }

    /// <summary>
    /// Which training samples carry the trigger: one trace job, then suspects.json's alert. A trace that fails
    /// or outlasts the job deadline is recorded in suspects.json and the alert; the verdict stands either way.
    /// </summary>
    private static async Task<TracedSuspects> TraceSuspectsAsync(TaskOrchestrationContext context, ScanRun run, PreparedScan scan, ScanSummary verdict)
    {
        run.Stage("tracing suspects");
        JobOutcome trace;
        try
        {
            trace = (await run.RunJobsAsync(scan.TraceJob())).Single();
        }
        catch (JobsExpiredException expired)
        {
            trace = JobOutcome.Failed(JobKinds.Trace, JobStatus.Expired, new ScanError(ErrorCodes.Internal, expired.Message), worker: "");
        }
        return await context.PublishSuspectsAsync(new SuspectsRequest(verdict, scan.Dataset, trace), run.Retry);
    }

    private static async Task<PreparedScan> PrepareAsync(TaskOrchestrationContext context, ScanRun run)
    {
        run.Stage("preparing");
        var scan = await context.ResolveScanAsync(run.Request, run.Retry);
        if (scan.Error is not null)
            return scan;
        run.Stage("inspecting");
        var inspection = (await run.RunJobsAsync(scan.InspectJob())).Single();
        return scan.Inspected(inspection);
    }

    private static async Task<ScanSummary> WriteVerdictAsync(TaskOrchestrationContext context, ScanRun run, VerdictRequest request)
    {
        run.Stage("writing verdict");
        return await context.WriteVerdictAsync(request with { Run = run.Number }, run.Retry);
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
        var poisoned = await context.WritePoisonVerdictAsync(new PoisonRequest(run.Request, earlier.Count, failure), run.Retry);
        if (earlier.Alerted)
            return poisoned;
        try
        {
            await context.PublishAlertAsync(poisoned, run.Retry);
            return poisoned;
        }
        catch (TaskFailedException alertFailure)
        {
            return poisoned with { FollowUpFailure = alertFailure.Message };
        }
    }
}
