using Aegis.Core.Detection;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Workers;
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
    [Function(nameof(PrepareScanActivity))]
    public Task<PreparedScan> PrepareScan([ActivityTrigger] ScanRequest input, string instanceId) =>
        Run<PrepareScanActivity, ScanRequest, PreparedScan>(input, instanceId);

    [Function(nameof(TranslateClassActivity))]
    public Task<ClassTranslation> TranslateClass([ActivityTrigger] TranslationRequest input, string instanceId) =>
        Run<TranslateClassActivity, TranslationRequest, ClassTranslation>(input, instanceId);

    [Function(nameof(EmbedAndClusterActivity))]
    public Task<ClassEmbedding> EmbedAndCluster([ActivityTrigger] EmbedRequest input, string instanceId) =>
        Run<EmbedAndClusterActivity, EmbedRequest, ClassEmbedding>(input, instanceId);

    [Function(nameof(ProbeTriggerActivity))]
    public Task<ClassProbe> ProbeTrigger([ActivityTrigger] ProbeRequest input, string instanceId) =>
        Run<ProbeTriggerActivity, ProbeRequest, ClassProbe>(input, instanceId);

    [Function(nameof(ReverseTriggersActivity))]
    public Task<CleanseResult> ReverseTriggers([ActivityTrigger] CleanseRequest input, string instanceId) =>
        Run<ReverseTriggersActivity, CleanseRequest, CleanseResult>(input, instanceId);

    [Function(nameof(DecideVerdictActivity))]
    public Task<Decision> DecideVerdict([ActivityTrigger] DecideRequest input, string instanceId) =>
        Run<DecideVerdictActivity, DecideRequest, Decision>(input, instanceId);

    [Function(nameof(WriteVerdictActivity))]
    public Task<ScanSummary> WriteVerdict([ActivityTrigger] VerdictRequest input, string instanceId) =>
        Run<WriteVerdictActivity, VerdictRequest, ScanSummary>(input, instanceId);

    [Function(nameof(PublishAlertActivity))]
    public Task<AlertResult> PublishAlert([ActivityTrigger] ScanSummary input, string instanceId) =>
        Run<PublishAlertActivity, ScanSummary, AlertResult>(input, instanceId);

    [Function(nameof(PromoteActivity))]
    public Task<PromotionResult> Promote([ActivityTrigger] PromoteRequest input, string instanceId) =>
        Run<PromoteActivity, PromoteRequest, PromotionResult>(input, instanceId);

    [Function(nameof(WritePoisonVerdictActivity))]
    public Task<ScanSummary> WritePoisonVerdict([ActivityTrigger] PoisonRequest input, string instanceId) =>
        Run<WritePoisonVerdictActivity, PoisonRequest, ScanSummary>(input, instanceId);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, string instanceId) where TActivity : TaskActivity<TInput, TOutput> =>
        ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(services).RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
}
