using Aegis.Host.Api;
using Aegis.Host.Hosting;
using Aegis.Reporting;
using Aegis.Scanning.Activities;
using Aegis.Scanning.Alerts;
using Aegis.Scanning.Configuration;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Trigger;
using Aegis.Scanning.Workers;
using Aegis.Worker.Hosting;
using Aegis.Worker.Torch;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.Host;

/// <summary>
/// The embedded host (<c>aegis serve</c>): blob trigger by polling, orchestrations with the
/// local durable runner, and the HTTP API with function keys. Translation goes to the workers
/// in Aegis__Workers, or runs in this process when there are none.
/// </summary>
public static class HostApp
{
    public static WebApplication Build(AegisSettings settings, string urls)
    {
        var builder = AegisWebHost.CreateBuilder(settings, urls, "aegis-host");
        var services = builder.Services;
        services.AddSingleton<TorchModelInspector>();
        services.AddSingleton<ITranslationWorker>(sp => settings.Workers.Count > 0
            ? new HttpTranslationWorkerPool(new HttpClient { Timeout = TimeSpan.FromHours(2) }, settings.Workers)
            : new InProcessTranslationWorker(sp.GetRequiredService<ClassTranslationService>(), settings.InProcessConcurrency));
        services.AddSingleton(_ => new AlertPublisher(settings.EventGridEndpoint, settings.EventGridKey));
        services.AddSingleton(sp => ScanActivities.Create(
            sp.GetRequiredService<ScanStorage>(), sp.GetRequiredService<BlobCache>(), sp.GetRequiredService<TorchModelInspector>(),
            sp.GetRequiredService<ITranslationWorker>(), new CoreClassAnalyzer(), new ReportArtifacts(), sp.GetRequiredService<AlertPublisher>()));
        services.AddSingleton(sp => new DurableRunner(sp.GetRequiredService<ScanStorage>().Work, sp.GetRequiredService<ActivityCatalog>()));
        services.AddSingleton(sp => new ScanCoordinator(sp.GetRequiredService<ScanStorage>(), sp.GetRequiredService<DurableRunner>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ScanCoordinator>()));
        services.AddSingleton(sp => new BlobPollTrigger(sp.GetRequiredService<ScanStorage>(), sp.GetRequiredService<ScanCoordinator>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<BlobPollTrigger>()));
        services.AddSingleton<ScanStatusReader>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddHostedService<PipelineService>();

        var app = builder.Build();
        var api = app.MapGroup("/api");
        api.AddEndpointFilter<ApiKeyFilter>();
        api.MapScanApi();
        api.MapEventWebhook();
        return app;
    }

    public static async Task<int> RunAsync(string urls, CancellationToken cancellationToken)
    {
        var settings = SettingsSource.Load();
        await using var app = Build(settings, urls);
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
