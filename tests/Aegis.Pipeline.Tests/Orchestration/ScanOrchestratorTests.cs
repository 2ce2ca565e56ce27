using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Pipeline.Tests.Orchestration;

/// <summary>The real <see cref="ScanOrchestrator"/> on the Durable Task SDK's in-process engine, with scripted activities and workers.</summary>
public sealed class ScanOrchestratorTests
{
    /// <summary>Quick retries, rechecks and runs, so a test that exhausts them takes seconds.</summary>
    private static readonly RunPolicy FastRuns = new()
    {
        ActivityAttempts = 2, FirstActivityRetry = TimeSpan.FromMilliseconds(50), MaxRuns = 2, FirstDelay = TimeSpan.FromMilliseconds(100),
        JobRecheck = TimeSpan.FromMilliseconds(300), JobDeadline = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task EveryClassIsOneJobThenTheDecisionVerdictAlertAndPromotionFollow()
    {
        var script = new ScriptedScan();
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal([1], summary.SuspiciousClasses);
        Assert.Equal("quarantine/m.pt", summary.PromotedTo);
        Assert.Equal(1, script.CallsOf("job", "inspect"));
        foreach (int label in script.Classes)
            Assert.Equal(1, script.CallsOf("job", ScriptedScan.ClassJob(label)));
        Assert.Equal(1, script.CallsOf(nameof(DecideVerdictActivity)));
        Assert.Equal(0, script.CallsOf(nameof(ReadJobResultsActivity)));
        Assert.Equal(VerdictKinds.Backdoored, Assert.Single(script.Alerts).Verdict);
        Assert.Equal("done", instance.Progress!.Stage);
        Assert.Equal(script.Classes, instance.Progress.Classes().Select(c => c.Label));
        Assert.All(instance.Progress.Classes(), c => Assert.Equal(ClassProgress.Scanned, c.State));
        Assert.Equal(ScriptedScan.Model, instance.Progress.Model);
    }

    [Fact]
    public async Task ABackdooredVerdictIsTracedAfterItsAlertAndBeforePromotion()
    {
        var script = new ScriptedScan();
        var (summary, _) = await RunAsync(script);

        var order = script.Calls.Select(c => c.Job ?? c.Activity).ToList();
        int alert = order.IndexOf(nameof(PublishAlertActivity)), trace = order.IndexOf("trace"),
            suspects = order.IndexOf(nameof(PublishSuspectsActivity)), promote = order.IndexOf(nameof(PromoteActivity));
        Assert.True(alert >= 0 && alert < trace && trace < suspects && suspects < promote, string.Join(" → ", order));
        Assert.Equal(1, script.CallsOf("job", "trace"));
        Assert.Equal(VerdictKinds.Backdoored, Assert.Single(script.Traces).Verdict.Verdict);
        Assert.Equal(VerdictKinds.Backdoored, Assert.Single(script.Alerts).Verdict);
        var traced = Assert.IsType<TracedSuspects>(summary.Suspects);
        Assert.Equal(600, traced.Samples);
        Assert.Equal(60, traced.Suspected);
        Assert.Equal([1], traced.Classes);
        Assert.Null(traced.Error);
        Assert.Equal("quarantine/m.pt", summary.PromotedTo);
    }

    [Fact]
    public async Task ACleanVerdictQueuesNoTrace()
    {
        var script = new ScriptedScan { Suspicious = new HashSet<int>() };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Clean, summary.Verdict);
        Assert.Equal(0, script.CallsOf("job", "trace"));
        Assert.Equal(0, script.CallsOf(nameof(PublishSuspectsActivity)));
        Assert.Null(summary.Suspects);
    }

    [Fact]
    public async Task WithTracingOffABackdooredVerdictQueuesNoTrace()
    {
        var script = new ScriptedScan { TraceSuspects = false };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal(0, script.CallsOf("job", "trace"));
        Assert.Null(summary.Suspects);
        Assert.Equal("quarantine/m.pt", summary.PromotedTo);
    }

    [Fact]
    public async Task ATraceItsWorkerRejectsIsRecordedAndTheVerdictStands()
    {
        var script = new ScriptedScan { TraceError = new ScanError(ErrorCodes.DatasetMismatch, "the dataset does not fit the model") };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal([1], summary.SuspiciousClasses);
        Assert.Equal(ErrorCodes.DatasetMismatch, summary.Suspects?.Error?.Code);
        Assert.Equal(ErrorCodes.DatasetMismatch, Assert.Single(script.Traces).Trace.Error?.Code);
        Assert.Single(script.Verdicts);
        Assert.Equal("quarantine/m.pt", summary.PromotedTo);
        Assert.Equal(1, instance.Progress!.Run);
    }

    [Fact]
    public async Task ATraceNoWorkerFinishesEndsAsAnExpiredTraceNotAnotherRun()
    {
        var script = new ScriptedScan { TraceNeverDone = true };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal(ErrorCodes.Internal, summary.Suspects?.Error?.Code);
        Assert.Equal(JobStatus.Expired, Assert.Single(script.Traces).Trace.Status);
        Assert.Single(script.Verdicts);
        Assert.Equal("quarantine/m.pt", summary.PromotedTo);
        Assert.Equal(1, instance.Progress!.Run);
    }

    [Fact]
    public async Task AModelThatIsNotRobustGetsNeuralCleanseAsOneJobAndNoClassJobs()
    {
        var script = new ScriptedScan { NotRobust = true };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Clean, summary.Verdict);
        Assert.Equal(1, script.CallsOf("job", "reverse-triggers"));
        Assert.Equal(0, script.CallsOf("job", ScriptedScan.ClassJob(0)));
        Assert.Equal(0, script.CallsOf(nameof(DecideVerdictActivity)));
    }

    [Fact]
    public async Task WithSeveralRunsEveryClassRunsOncePerRunAndOneDecisionCombinesThem()
    {
        var script = new ScriptedScan { Parameters = new() { Runs = 3 } };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        foreach (int label in script.Classes)
            for (int run = 0; run < 3; run++)
                Assert.Equal(1, script.CallsOf("job", ScriptedScan.ClassJob(label, run)));
        Assert.Equal(1, script.CallsOf(nameof(DecideVerdictActivity)));
    }

    [Fact]
    public async Task ALostCompletionNoteIsMadeUpForByTheScansOwnRecheck()
    {
        var script = new ScriptedScan { LostCompletions = new HashSet<int> { 2 } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.True(script.CallsOf(nameof(ReadJobResultsActivity)) >= 1);
        Assert.Equal(1, script.CallsOf("job", ScriptedScan.ClassJob(2)));
        Assert.Equal(1, instance.Progress!.Run);
    }

    [Fact]
    public async Task AStorageHiccupWhileEnqueueingIsRetriedWithinTheRun()
    {
        var script = new ScriptedScan { EnqueueFailures = 1 };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal(1, instance.Progress!.Run);
    }

    [Fact]
    public async Task ABadInputGetsAnErrorVerdictAtOnceWithoutAnyJob()
    {
        var script = new ScriptedScan { ResolveError = new ScanError(ErrorCodes.DatasetInvalid, "no such dataset") };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(ErrorCodes.DatasetInvalid, summary.Error?.Code);
        Assert.DoesNotContain(script.Calls, c => c.Activity == "job");
        Assert.Equal(VerdictKinds.Error, Assert.Single(script.Alerts).Verdict);
    }

    [Fact]
    public async Task AModelItsInspectionRefusesGetsAnErrorVerdictAndNoClassIsScanned()
    {
        var script = new ScriptedScan { InspectionError = new ScanError(ErrorCodes.ModelUnsafe, "code/__torch__.py:3: aten::save writes a tensor to a file") };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(ErrorCodes.ModelUnsafe, summary.Error?.Code);
        Assert.Equal(0, script.CallsOf("job", ScriptedScan.ClassJob(0)));
    }

    [Fact]
    public async Task AClassRejectedByItsWorkerEndsTheScanInAnErrorVerdictWithoutADecision()
    {
        var script = new ScriptedScan { Rejected = { [1] = new ScanError(ErrorCodes.ModelContract, "features() returned NaN") } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(ErrorCodes.ModelContract, summary.Error?.Code);
        Assert.Equal(1, script.CallsOf("job", ScriptedScan.ClassJob(1)));
        Assert.Equal(0, script.CallsOf(nameof(DecideVerdictActivity)));
        Assert.Equal(ClassProgress.Failed, instance.Progress!.Classes().Single(c => c.Label == 1).State);
    }

    [Fact]
    public async Task APoisonedClassJobEndsInAnErrorVerdictNotAHang()
    {
        var script = new ScriptedScan { Poisoned = new HashSet<int> { 0 } };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(ErrorCodes.Poisoned, summary.Error?.Code);
        Assert.Contains("Class 0", summary.Error!.Message);
    }

    [Fact]
    public async Task JobsNoWorkerFinishesEndTheRunTheNextRunKeepsTheFinishedClassesThenTheScanIsPoisoned()
    {
        var script = new ScriptedScan { NeverDone = new HashSet<int> { 2 } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(ErrorCodes.Poisoned, summary.Error?.Code);
        Assert.Contains("not done within", summary.Error!.Message);
        // Run 2 enqueues again, but what run 1 finished comes back from its results instead of running again.
        Assert.Equal(2, script.CallsOf("job", ScriptedScan.ClassJob(2)));
        Assert.Equal(1, script.CallsOf("job", ScriptedScan.ClassJob(0)));
        Assert.Equal(1, script.CallsOf(nameof(ResolveScanActivity)));
        Assert.Equal(0, script.CallsOf(nameof(WriteVerdictActivity)));
        Assert.Equal(VerdictKinds.Error, Assert.Single(script.Alerts).Verdict);
        Assert.Equal(2, instance.Progress!.Run);
        Assert.Equal("poisoned", instance.Progress.Stage);
    }

    [Fact]
    public async Task WhenPromotionKeepsFailingTheBackdoorAlertStillGoesOutOnceAndTheVerdictIsKept()
    {
        var script = new ScriptedScan { PromotionFails = true };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Null(summary.PromotedTo);
        Assert.Contains("quarantine container unreachable", summary.FollowUpFailure);
        Assert.Equal(VerdictKinds.Backdoored, Assert.Single(script.Alerts).Verdict);
        Assert.Equal(1, script.CallsOf(nameof(WriteVerdictActivity)));
        Assert.Equal(0, script.CallsOf(nameof(WritePoisonVerdictActivity)));
        Assert.Equal(4, script.CallsOf(nameof(PromoteActivity)));
        // The trace before promotion ran once: the later runs carry it over with the verdict.
        Assert.Equal(1, script.CallsOf(nameof(PublishSuspectsActivity)));
        Assert.NotNull(summary.Suspects);
    }

    [Fact]
    public async Task AtTheClassCapHistoryCarriesSmallPayloadsAndTheStatusStaysUnderTheEnginesLimit()
    {
        var script = new ScriptedScan { Classes = Enumerable.Range(0, 1000).ToArray(), Suspicious = new HashSet<int> { 7 } };
        var (summary, instance) = await RunAsync(script, TimeSpan.FromMinutes(5));

        Assert.Equal([7], summary.SuspiciousClasses);
        Assert.Equal(1000, instance.Progress!.Classes().Count);
        var largest = script.Payloads.MaxBy(p => p.Bytes);
        // One job's outcome or event is a few hundred bytes; the largest payloads are the class list (4 KB at 1,000 classes) and the parameters.
        Assert.True(largest.Bytes < 16 * 1024, $"largest history payload: {largest.What}, {largest.Bytes} bytes");
        int status = PipelineJson.Serialize(instance.Progress).Length;
        Assert.True(status < 8 * 1024, $"custom status: {status} bytes (the engine's limit is 16 KB)");
    }

    private static async Task<(ScanSummary Summary, ScanInstance Instance)> RunAsync(ScriptedScan script, TimeSpan? timeout = null)
    {
        var converter = new JsonDataConverter(PipelineJson.Options);
        await using var host = await DurableTaskTestHost.StartAsync(script.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
            },
        });
        script.Client = host.Client;
        var instances = new DurableTaskClientInstances(host.Client);
        const string id = "0123456789abcdef01234567";
        Assert.True(await instances.StartAsync(id, new ScanRequest { Model = ScriptedScan.Model, Runs = FastRuns }));
        Assert.False(await instances.StartAsync(id, new ScanRequest { Model = ScriptedScan.Model, Runs = FastRuns }));

        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, wait.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails}");
        var instance = await instances.GetAsync(id) ?? throw new InvalidOperationException("The instance vanished.");
        return (instance.Summary!, instance);
    }
}
