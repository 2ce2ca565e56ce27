using Aegis.Core.Verdicts;
using Aegis.Host.Api;
using Aegis.Host.Engine;
using Aegis.Host.Hosting;
using Aegis.Reporting;
using Aegis.Scanning;
using Aegis.Scanning.Activities;
using Aegis.Scanning.Configuration;
using Aegis.Scanning.Engine;
using Aegis.Scanning.Workers;
using Aegis.Worker.Hosting;
using Aegis.Containment;
using Aegis.Worker.Adapters;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.Host;

/// <summary>
/// The embedded host (<c>aegis serve</c>): the scan orchestration and its activities on the
/// Durable Task Framework's Azure Storage provider, the blob trigger by polling, and the HTTP API
/// with function keys. Translation goes to the workers in Aegis__Workers, or runs in this process
/// when there are none.
/// </summary>
public static class HostApp
{
    public static WebApplication Build(AegisSettings settings, string urls, SandboxOptions? sandbox = null)
    {
        var builder = AegisWebHost.CreateBuilder(settings, urls, "aegis-host", sandbox);
        var services = builder.Services;
        services.AddScanPipeline(settings);
        services.AddSingleton<IModelInspector, ScanModelInspector>();
        services.AddSingleton<IScanArtifacts, ReportArtifacts>();
        services.AddSingleton<ITranslationWorker>(sp => settings.Workers.Count > 0
            ? new HttpTranslationWorkerPool(WorkerHttp.CreateClient(settings, WorkerHttp.PollTimeout), settings.Workers)
            : new InProcessTranslationWorker(sp.GetRequiredService<ClassTranslationService>(), settings.InProcessConcurrency));
        services.AddSingleton(sp => TaskHubEngine.CreateService(settings, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IScanInstances, TaskHubScanInstances>();
        services.AddHostedService<TaskHubEngine>();
        services.AddHostedService<PipelineService>();

        var app = builder.Build();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapScanApi();
        return app;
    }

    public static async Task<int> RunAsync(string urls, CancellationToken cancellationToken, SandboxOptions? sandbox = null)
    {
        var settings = SettingsSource.Load();
        await using var app = Build(settings, urls, sandbox);
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
