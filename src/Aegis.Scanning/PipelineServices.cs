using Aegis.Scanning.Activities;
using Aegis.Scanning.Alerts;
using Aegis.Scanning.Api;
using Aegis.Scanning.Configuration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aegis.Scanning;

/// <summary>
/// What the scan's activities, triggers and HTTP API need, for any host. The host adds the engine
/// (<see cref="Engine.IScanInstances"/>), the model inspector and the translation worker.
/// </summary>
public static class PipelineServices
{
    public static IServiceCollection AddScanPipeline(this IServiceCollection services, AegisSettings settings)
    {
        services.TryAddSingleton(settings);
        services.TryAddSingleton<ScanStorage>();
        services.TryAddSingleton<BlobCache>();
        services.TryAddSingleton<VerdictBlobs>();
        services.TryAddSingleton<IClassAnalyzer, CoreClassAnalyzer>();
        services.TryAddSingleton(_ => new AlertPublisher(settings.EventGridEndpoint, settings.EventGridKey));
        services.TryAddSingleton<ScanStarter>();
        services.TryAddSingleton<ScanApi>();
        services.TryAddSingleton<BlobPollTrigger>();
        return services;
    }
}
