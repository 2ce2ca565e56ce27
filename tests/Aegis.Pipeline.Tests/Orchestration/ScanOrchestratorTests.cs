using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;
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
    public async Task Every_class_is_one_job_then_the_decision_verdict_alert_and_promotion_follow()
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
    public async Task A_model_that_is_not_robust_gets_neural_cleanse_as_one_job_and_no_class_jobs()
    {
        var script = new ScriptedScan { NotRobust = true };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Clean, summary.Verdict);
        Assert.Equal(1, script.CallsOf("job", "reverse-triggers"));
        Assert.Equal(0, script.CallsOf("job", ScriptedScan.ClassJob(0)));
        Assert.Equal(0, script.CallsOf(nameof(DecideVerdictActivity)));
    }

    [Fact]
    public async Task With_several_runs_every_class_runs_once_per_run_and_one_decision_combines_them()
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
    public async Task A_lost_completion_note_is_made_up_for_by_the_scans_own_recheck()
    {
        var script = new ScriptedScan { LostCompletions = new HashSet<int> { 2 } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.True(script.CallsOf(nameof(ReadJobResultsActivity)) >= 1);
        Assert.Equal(1, script.CallsOf("job", ScriptedScan.ClassJob(2)));
        Assert.Equal(1, instance.Progress!.Run);
    }

    [Fact]
    public async Task A_storage_hiccup_while_enqueueing_is_retried_within_the_run()
    {
        var script = new ScriptedScan { EnqueueFailures = 1 };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal(1, instance.Progress!.Run);
    }

    [Fact]
    public async Task A_bad_input_gets_an_error_verdict_at_once_without_any_job()
    {
        var script = new ScriptedScan { ResolveError = new ScanError(ErrorCodes.DatasetInvalid, "no such dataset") };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(ErrorCodes.DatasetInvalid, summary.Error?.Code);
        Assert.DoesNotContain(script.Calls, c => c.Activity == "job");
        Assert.Equal(VerdictKinds.Error, Assert.Single(script.Alerts).Verdict);
    }

    [Fact]
    public async Task A_model_its_inspection_refuses_gets_an_error_verdict_and_no_class_is_scanned()
    {
        var script = new ScriptedScan { InspectionError = new ScanError(ErrorCodes.ModelUnsafe, "code/__torch__.py:3: aten::save writes a tensor to a file") };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(ErrorCodes.ModelUnsafe, summary.Error?.Code);
        Assert.Equal(0, script.CallsOf("job", ScriptedScan.ClassJob(0)));
    }

    [Fact]
    public async Task A_class_rejected_by_its_worker_ends_the_scan_in_an_error_verdict_without_a_decision()
    {
        var script = new ScriptedScan { Rejected = { [1] = new ScanError(ErrorCodes.ModelContract, "features() returned NaN") } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(ErrorCodes.ModelContract, summary.Error?.Code);
        Assert.Equal(1, script.CallsOf("job", ScriptedScan.ClassJob(1)));
        Assert.Equal(0, script.CallsOf(nameof(DecideVerdictActivity)));
        Assert.Equal(ClassProgress.Failed, instance.Progress!.Classes().Single(c => c.Label == 1).State);
    }

    [Fact]
    public async Task A_poisoned_class_job_ends_in_an_error_verdict_not_a_hang()
    {
        var script = new ScriptedScan { Poisoned = new HashSet<int> { 0 } };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(ErrorCodes.Poisoned, summary.Error?.Code);
        Assert.Contains("Class 0", summary.Error!.Message);
    }

    [Fact]
    public async Task Jobs_no_worker_finishes_end_the_run_the_next_run_keeps_the_finished_classes_then_the_scan_is_poisoned()
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
    public async Task When_promotion_keeps_failing_the_backdoor_alert_still_goes_out_once_and_the_verdict_is_kept()
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
    }

    [Fact]
    public async Task At_the_class_cap_history_carries_small_payloads_and_the_status_stays_under_the_engines_limit()
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
