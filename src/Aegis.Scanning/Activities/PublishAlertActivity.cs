using Aegis.Scanning.Alerts;
using Aegis.Scanning.Orchestration;
using Microsoft.DurableTask;

namespace Aegis.Scanning.Activities;

/// <summary>PublishAlert: Aegis.Scan.Completed for every verdict, Aegis.Scan.BackdoorDetected when backdoored (ids stable per scan).</summary>
public sealed class PublishAlertActivity(AlertPublisher alerts) : ScanActivity<ScanSummary, AlertResult>
{
    protected override async Task<AlertResult> ExecuteAsync(TaskActivityContext context, ScanSummary input, CancellationToken cancellationToken) =>
        new(await alerts.PublishAsync(input, cancellationToken));
}
