using Aegis.Core.Detection;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Aegis.Pipeline.Trigger;

/// <summary>
/// Starts the scan of one model blob version, once: every trigger (poll, Event Grid webhook,
/// blob trigger, API) comes through here, and the instance id derived from the blob version
/// makes a second delivery find the first scan.
/// </summary>
public sealed class ScanStarter(IScanInstances instances, AegisSettings settings, ILogger<ScanStarter> logger)
{
    public sealed record Started(string InstanceId, bool Created);

    public async Task<Started> StartAsync(BlobRef model, string trigger, string? dataset = null, ScanParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        model = model with { ETag = ScanIds.NormalizeETag(model.ETag) };
        string id = ScanIds.For(model);
        var request = new ScanRequest
        {
            Model = model,
            Dataset = dataset,
            Parameters = parameters,
            RequestedAt = DateTimeOffset.UtcNow,
            Trigger = trigger,
            Runs = new RunPolicy { MaxRuns = settings.MaxAttempts, FirstDelay = settings.RetryDelay, JobRecheck = settings.JobRecheck, JobDeadline = settings.JobDeadline },
        };
        bool created = await instances.StartAsync(id, request, cancellationToken);
        if (created)
            logger.LogInformation("Scan {ScanId} started for {Model} ({Trigger})", id, model, trigger);
        return new Started(id, created);
    }
}
