using Aegis.Pipeline.Alerts;
using Aegis.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>PublishAlert: Aegis.Scan.Completed for every verdict, Aegis.Scan.BackdoorDetected when backdoored (ids stable per scan).</summary>
public sealed class PublishAlertActivity(AlertPublisher alerts) : ScanActivity<ScanSummary, AlertResult>
{
    protected override async Task<AlertResult> ExecuteAsync(TaskActivityContext context, ScanSummary input, CancellationToken cancellationToken) =>
        new(await alerts.PublishAsync(input, cancellationToken));
}
