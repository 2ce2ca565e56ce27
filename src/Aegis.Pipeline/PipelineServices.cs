using Aegis.Pipeline.Alerts;
using Aegis.Pipeline.Api;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Jobs.Handlers;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;
using Aegis.Pipeline.Activities;
using Aegis.Sandbox;
using Aegis.Scanner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aegis.Pipeline;

/// <summary>
/// What the pipeline's hosts and workers need. A host (<c>aegis serve</c>, the Functions app) adds
/// <see cref="AddScanPipeline(IServiceCollection)"/> and its engine (<see cref="Engine.IScanInstances"/>); a worker
/// (<c>aegis worker</c>, and <c>aegis serve</c> unless <c>Aegis__LocalWorker=false</c>) adds <see cref="AddJobWorker"/>.
/// </summary>
public static class PipelineServices
{
    /// <summary>With settings already read (they become the singleton <see cref="AegisSettings"/>).</summary>
    public static IServiceCollection AddScanPipeline(this IServiceCollection services, AegisSettings settings)
    {
        services.TryAddSingleton(settings);
        return services.AddScanPipeline();
    }

    /// <summary>The activities' services, the triggers, the HTTP API and the completion deliverer (with the <see cref="AegisSettings"/> the container already has).</summary>
    public static IServiceCollection AddScanPipeline(this IServiceCollection services)
    {
        services.AddStorage();
        services.TryAddSingleton<ManifestReader>();
        services.TryAddSingleton<VerdictBlobs>();
        services.TryAddSingleton(sp =>
        {
            var eventGrid = sp.GetRequiredService<AegisSettings>().EventGrid;
            return new AlertPublisher(eventGrid.EndpointUri, eventGrid.Key);
        });
        services.TryAddSingleton<ScanStarter>();
        services.TryAddSingleton<ModelUploadSas>();
        services.TryAddSingleton<ScanApi>();
        services.TryAddSingleton<BlobPollTrigger>();
        services.TryAddSingleton<JobCompletions>();
        return services;
    }

    /// <summary>A worker taking jobs from the queue, running models in sandboxes with these options.</summary>
    public static IServiceCollection AddJobWorker(this IServiceCollection services, SandboxOptions? sandbox = null)
    {
        services.AddStorage();
        services.TryAddSingleton<BlobCache>();
        services.TryAddSingleton(sandbox ?? new SandboxOptions());
        services.AddHostedService<SandboxIsolationLog>();
        services.TryAddSingleton(sp => new ModelScanPool(sp.GetRequiredService<SandboxOptions>()));
        services.AddSingleton<IJobHandler, InspectJobHandler>();
        services.AddSingleton<IJobHandler, ScanClassJobHandler>();
        services.AddSingleton<IJobHandler, ReverseTriggersJobHandler>();
        services.AddSingleton<IJobHandler, TraceJobHandler>();
        services.AddHostedService<JobWorker>();
        return services;
    }

    private static void AddStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<ScanStorage>();
        services.TryAddSingleton<JobQueues>();
        services.TryAddSingleton<JobResults>();
    }
}
