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

/// <summary>The real <see cref="ScanOrchestrator"/> on the Durable Task SDK's in-process engine, with scripted activities.</summary>
public sealed class ScanOrchestratorTests
{
    /// <summary>Quick retries and runs, so a test that exhausts them takes seconds.</summary>
    private static readonly RunPolicy FastRuns = new()
    {
        ActivityAttempts = 2, FirstActivityRetry = TimeSpan.FromMilliseconds(50), MaxRuns = 2, FirstDelay = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task Every_class_is_scanned_once_then_the_verdict_is_written_alerted_and_promoted()
    {
        var script = new ScriptedScan();
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal([1], summary.SuspiciousClasses);
        Assert.Equal("quarantine/m.pt", summary.PromotedTo);
        foreach (int label in script.Classes)
        {
            Assert.Equal(1, script.CallsOf(nameof(TranslateClassActivity), label));
            Assert.Equal(1, script.CallsOf(nameof(EmbedAndClusterActivity), label));
            Assert.Equal(1, script.CallsOf(nameof(ProbeTriggerActivity), label));
        }
        Assert.Equal(3, Assert.Single(script.Verdicts).Analyses.Count);
        Assert.DoesNotContain(script.Calls, c => c.Activity == nameof(ReverseTriggersActivity));
        Assert.Equal(VerdictKinds.Backdoored, Assert.Single(script.Alerts).Verdict);
        Assert.Equal("done", instance.Progress!.Stage);
        Assert.All(instance.Progress.Classes, c => Assert.Equal(ClassProgress.Analysed, c.State));
        Assert.Equal(1, instance.Progress.Run);
    }

    [Fact]
    public async Task A_model_that_is_not_robust_gets_neural_cleanse_in_one_activity_and_no_translation()
    {
        var script = new ScriptedScan { NotRobust = true };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Clean, summary.Verdict);
        Assert.Equal(1, script.CallsOf(nameof(ReverseTriggersActivity)));
        Assert.Equal(0, script.CallsOf(nameof(TranslateClassActivity)));
        Assert.NotNull(Assert.Single(script.Verdicts).Cleanse);
    }

    [Fact]
    public async Task With_the_trigger_check_off_no_class_is_probed_and_the_aegis_detector_still_decides()
    {
        var script = new ScriptedScan { Parameters = new() { Trigger = new() { Enabled = false } } };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal(0, script.CallsOf(nameof(ProbeTriggerActivity)));
        Assert.Equal(3, script.CallsOf(nameof(EmbedAndClusterActivity)));
    }

    [Fact]
    public async Task A_class_whose_worker_fails_once_is_retried_and_the_scan_completes_in_one_run()
    {
        var script = new ScriptedScan { TranslationFailures = { [2] = 1 } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Backdoored, summary.Verdict);
        Assert.Equal(2, script.CallsOf(nameof(TranslateClassActivity), 2));
        Assert.Equal(1, script.CallsOf(nameof(TranslateClassActivity), 0));
        Assert.Equal(1, instance.Progress!.Run);
        Assert.DoesNotContain(script.Calls, c => c.Activity == nameof(WritePoisonVerdictActivity));
    }

    [Fact]
    public async Task A_bad_model_gets_an_error_verdict_at_once_without_translation_or_retries()
    {
        var script = new ScriptedScan { PrepareError = new ScanError(ErrorCodes.ModelUnreadable, "not a TorchScript archive") };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Error, summary.Verdict);
        Assert.Equal(ErrorCodes.ModelUnreadable, summary.Error?.Code);
        Assert.Equal(1, script.CallsOf(nameof(PrepareScanActivity)));
        Assert.Equal(0, script.CallsOf(nameof(TranslateClassActivity)));
        Assert.Equal(VerdictKinds.Error, Assert.Single(script.Alerts).Verdict);
    }

    [Fact]
    public async Task A_numerical_failure_is_final_an_error_verdict_at_once_without_another_run()
    {
        var script = new ScriptedScan { EmbeddingFailures = new HashSet<int> { 2 } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(VerdictKinds.Error, summary.Verdict);
        Assert.Equal(ErrorCodes.NumericalFailure, summary.Error?.Code);
        Assert.Equal(1, script.CallsOf(nameof(EmbedAndClusterActivity), 2));
        Assert.Equal(1, instance.Progress!.Run);
        Assert.DoesNotContain(script.Calls, c => c.Activity == nameof(WritePoisonVerdictActivity));
    }

    [Fact]
    public async Task A_class_rejected_by_its_worker_is_an_input_error_and_is_not_retried()
    {
        var script = new ScriptedScan { TranslationRejects = { [1] = new ScanError(ErrorCodes.ModelContract, "features() returned NaN") } };
        var (summary, _) = await RunAsync(script);

        Assert.Equal(ErrorCodes.ModelContract, summary.Error?.Code);
        Assert.Equal(1, script.CallsOf(nameof(TranslateClassActivity), 1));
        Assert.Equal(0, script.CallsOf(nameof(DecideVerdictActivity)));
    }

    [Fact]
    public async Task A_class_that_keeps_failing_runs_the_scan_again_keeping_finished_classes_then_poisons_it()
    {
        var script = new ScriptedScan { TranslationFailures = { [2] = int.MaxValue } };
        var (summary, instance) = await RunAsync(script);

        Assert.Equal(ErrorCodes.Poisoned, summary.Error?.Code);
        Assert.Contains("worker for class 2 is down", summary.Error!.Message);
        // Two runs of two attempts each for the failing class; the others were finished in run 1 and kept.
        Assert.Equal(4, script.CallsOf(nameof(TranslateClassActivity), 2));
        Assert.Equal(1, script.CallsOf(nameof(TranslateClassActivity), 0));
        Assert.Equal(1, script.CallsOf(nameof(PrepareScanActivity)));
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

    private static async Task<(ScanSummary Summary, ScanInstance Instance)> RunAsync(ScriptedScan script)
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
        var instances = new DurableTaskClientInstances(host.Client);
        const string id = "0123456789abcdef01234567";
        Assert.True(await instances.StartAsync(id, new ScanRequest { Model = ScriptedScan.Model, Runs = FastRuns }));
        Assert.False(await instances.StartAsync(id, new ScanRequest { Model = ScriptedScan.Model, Runs = FastRuns }));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails}");
        var instance = await instances.GetAsync(id) ?? throw new InvalidOperationException("The instance vanished.");
        return (instance.Summary!, instance);
    }
}
