using Aegis.Pipeline.Activities;

namespace Aegis.Pipeline.Orchestration;

/// <summary>The scan's orchestrator and activities, as every host registers them (each under its class name).</summary>
public static class ScanTasks
{
    public static readonly Type Orchestrator = typeof(ScanOrchestrator);

    public static readonly IReadOnlyList<Type> Activities =
    [
        typeof(ResolveScanActivity),
        typeof(EnqueueJobsActivity),
        typeof(ReadJobResultsActivity),
        typeof(DecideVerdictActivity),
        typeof(WriteVerdictActivity),
        typeof(WritePoisonVerdictActivity),
        typeof(PromoteActivity),
        typeof(PublishAlertActivity),
        typeof(PublishSuspectsActivity),
    ];
}
