using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Serve.Hosting;

/// <summary>The host's blob trigger: create the pipeline's containers, then poll the models container for new blob versions.</summary>
public sealed class PipelineService(ScanStorage storage, BlobPollTrigger trigger, AegisSettings settings, ILogger<PipelineService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await storage.EnsureContainersAsync(stoppingToken);
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
}
