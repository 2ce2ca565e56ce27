using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// WritePoisonVerdict: ends a scan that kept failing (the Functions poison-blob rule) with an
/// error verdict — created only where the scan has no verdict yet, never over one.
/// </summary>
public sealed class WritePoisonVerdictActivity(ScanStorage storage, VerdictBlobs verdicts) : ScanActivity<PoisonRequest, ScanSummary>
{
    protected override Task<ScanSummary> ExecuteAsync(TaskActivityContext context, PoisonRequest input, CancellationToken cancellationToken)
    {
        var scan = input.Scan;
        string dataset = scan.Dataset ?? storage.Settings.DefaultDataset;
        var outcome = new ScanOutcome
        {
            Model = new ModelInfo(scan.Model.Name, "", "unknown"),
            Dataset = new DatasetInfo(dataset, $"{storage.Datasets.Name}/{dataset}"),
            Parameters = scan.Parameters ?? new(),
            ScanId = context.InstanceId,
            StartedAt = scan.RequestedAt == default ? null : scan.RequestedAt,
            CompletedAt = DateTimeOffset.UtcNow,
        };
        var verdict = VerdictBuilder.Failed(outcome, ErrorCodes.Poisoned,
            $"The scan of {scan.Model} failed {input.Runs} times for reasons outside the model and will not be run again. Last failure: {input.LastFailure}");
        return verdicts.CreateAsync(context.InstanceId, scan.Model.Name, verdict, cancellationToken);
    }
}
