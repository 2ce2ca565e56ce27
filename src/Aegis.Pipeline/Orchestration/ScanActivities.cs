using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Jobs;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// The scan's activities as typed calls (the Durable Task source generator, which would write these,
/// is not available here): one method per activity, its input and output types in its signature, its
/// name from the class, so a renamed activity or a wrong type fails to compile instead of at run time.
/// </summary>
internal static class ScanActivities
{
    public static Task<PreparedScan> ResolveScanAsync(this TaskOrchestrationContext context, ScanRequest request, TaskOptions options) =>
        context.CallActivityAsync<PreparedScan>(nameof(ResolveScanActivity), request, options);

    public static Task<int> EnqueueJobsAsync(this TaskOrchestrationContext context, JobBatch batch, TaskOptions options) =>
        context.CallActivityAsync<int>(nameof(EnqueueJobsActivity), batch, options);

    public static Task<IReadOnlyList<JobOutcome>> ReadJobResultsAsync(this TaskOrchestrationContext context, JobQuery query, TaskOptions options) =>
        context.CallActivityAsync<IReadOnlyList<JobOutcome>>(nameof(ReadJobResultsActivity), query, options);

    public static Task<int> DecideVerdictAsync(this TaskOrchestrationContext context, DecideRequest request, TaskOptions options) =>
        context.CallActivityAsync<int>(nameof(DecideVerdictActivity), request, options);

    public static Task<ScanSummary> WriteVerdictAsync(this TaskOrchestrationContext context, VerdictRequest request, TaskOptions options) =>
        context.CallActivityAsync<ScanSummary>(nameof(WriteVerdictActivity), request, options);

    public static Task<ScanSummary> WritePoisonVerdictAsync(this TaskOrchestrationContext context, PoisonRequest request, TaskOptions options) =>
        context.CallActivityAsync<ScanSummary>(nameof(WritePoisonVerdictActivity), request, options);

    public static Task<AlertResult> PublishAlertAsync(this TaskOrchestrationContext context, ScanSummary verdict, TaskOptions options) =>
        context.CallActivityAsync<AlertResult>(nameof(PublishAlertActivity), verdict, options);

    public static Task<TracedSuspects> PublishSuspectsAsync(this TaskOrchestrationContext context, SuspectsRequest request, TaskOptions options) =>
        context.CallActivityAsync<TracedSuspects>(nameof(PublishSuspectsActivity), request, options);

    public static Task<PromotionResult> PromoteAsync(this TaskOrchestrationContext context, PromoteRequest request, TaskOptions options) =>
        context.CallActivityAsync<PromotionResult>(nameof(PromoteActivity), request, options);
}
