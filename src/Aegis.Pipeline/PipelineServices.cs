using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Alerts;
using Aegis.Pipeline.Api;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aegis.Pipeline;

/// <summary>
/// What the scan's activities, triggers and HTTP API need, for any host. The host adds the engine
/// (<see cref="Engine.IScanInstances"/>), the model inspector and the translation worker.
/// </summary>
public static class PipelineServices
{
    /// <summary>With settings already read (they become the singleton <see cref="AegisSettings"/>).</summary>
    public static IServiceCollection AddScanPipeline(this IServiceCollection services, AegisSettings settings)
    {
        services.TryAddSingleton(settings);
        return services.AddScanPipeline();
    }

    /// <summary>With the <see cref="AegisSettings"/> the container already has (see <see cref="AegisConfiguration.AddAegisSettings"/>).</summary>
    public static IServiceCollection AddScanPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton<ScanStorage>();
        services.TryAddSingleton<BlobCache>();
        services.TryAddSingleton<ManifestReader>();
        services.TryAddSingleton<VerdictBlobs>();
        services.TryAddSingleton<IClassAnalyzer, CoreClassAnalyzer>();
        services.TryAddSingleton(sp =>
        {
            var eventGrid = sp.GetRequiredService<AegisSettings>().EventGrid;
            return new AlertPublisher(eventGrid.EndpointUri, eventGrid.Key);
        });
        services.TryAddSingleton<ScanStarter>();
        services.TryAddSingleton<ScanApi>();
        services.TryAddSingleton<BlobPollTrigger>();
        return services;
    }
}
