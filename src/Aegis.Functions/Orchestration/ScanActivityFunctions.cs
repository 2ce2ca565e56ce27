using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Functions.Orchestration;

/// <summary>
/// The scan's activities (the classes <c>aegis serve</c> runs), one activity trigger each, named as
/// the orchestrator calls them. Written by hand: the Durable source generator is not available.
/// </summary>
public sealed class ScanActivityFunctions(IServiceProvider services)
{
    [Function(nameof(ResolveScanActivity))]
    public Task<PreparedScan> ResolveScan([ActivityTrigger] ScanRequest input, string instanceId) =>
        Run<ResolveScanActivity, ScanRequest, PreparedScan>(input, instanceId);

    [Function(nameof(EnqueueJobsActivity))]
    public Task<int> EnqueueJobs([ActivityTrigger] JobBatch input, string instanceId) =>
        Run<EnqueueJobsActivity, JobBatch, int>(input, instanceId);

    [Function(nameof(ReadJobResultsActivity))]
    public Task<IReadOnlyList<JobOutcome>> ReadJobResults([ActivityTrigger] JobQuery input, string instanceId) =>
        Run<ReadJobResultsActivity, JobQuery, IReadOnlyList<JobOutcome>>(input, instanceId);

    [Function(nameof(DecideVerdictActivity))]
    public Task<int> DecideVerdict([ActivityTrigger] DecideRequest input, string instanceId) =>
        Run<DecideVerdictActivity, DecideRequest, int>(input, instanceId);

    [Function(nameof(WriteVerdictActivity))]
    public Task<ScanSummary> WriteVerdict([ActivityTrigger] VerdictRequest input, string instanceId) =>
        Run<WriteVerdictActivity, VerdictRequest, ScanSummary>(input, instanceId);

    [Function(nameof(PublishAlertActivity))]
    public Task<AlertResult> PublishAlert([ActivityTrigger] ScanSummary input, string instanceId) =>
        Run<PublishAlertActivity, ScanSummary, AlertResult>(input, instanceId);

    [Function(nameof(PublishSuspectsActivity))]
    public Task<TracedSuspects> PublishSuspects([ActivityTrigger] SuspectsRequest input, string instanceId) =>
        Run<PublishSuspectsActivity, SuspectsRequest, TracedSuspects>(input, instanceId);

    [Function(nameof(PromoteActivity))]
    public Task<PromotionResult> Promote([ActivityTrigger] PromoteRequest input, string instanceId) =>
        Run<PromoteActivity, PromoteRequest, PromotionResult>(input, instanceId);

    [Function(nameof(WritePoisonVerdictActivity))]
    public Task<ScanSummary> WritePoisonVerdict([ActivityTrigger] PoisonRequest input, string instanceId) =>
        Run<WritePoisonVerdictActivity, PoisonRequest, ScanSummary>(input, instanceId);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, string instanceId) where TActivity : TaskActivity<TInput, TOutput> =>
        ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(services).RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
}
