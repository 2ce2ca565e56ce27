using Aegis.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Aegis.Functions.Orchestration;

/// <summary>The scan orchestration of <c>aegis serve</c>, hosted by Durable Functions under the same name.</summary>
public static class ScanOrchestratorFunction
{
    [Function(nameof(ScanOrchestrator))]
    public static Task<ScanSummary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ScanOrchestrator().RunAsync(context, context.GetInput<ScanRequest>()!);
}
