using Aegis.Scanning.Configuration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Host.Hosting;

/// <summary>The host's background work: create containers, resume scans a previous host left unfinished, poll for new models.</summary>
public sealed class PipelineService(ScanStorage storage, ScanCoordinator coordinator, BlobPollTrigger trigger, AegisSettings settings, ILogger<PipelineService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await storage.EnsureContainersAsync(stoppingToken);
                await coordinator.ResumeUnfinishedAsync(stoppingToken);
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Storage not ready ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
        logger.LogInformation("Polling {Container} every {Interval}", storage.Models.Name, settings.PollInterval);
        await trigger.RunAsync(settings.PollInterval, stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await coordinator.DisposeAsync();
    }
}
