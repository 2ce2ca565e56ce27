using Aegis.Core.Verdicts;
using Aegis.Serve.Api;
using Aegis.Serve.Engine;
using Aegis.Serve.Hosting;
using Aegis.Reporting;
using Aegis.Pipeline;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Http;
using Aegis.Pipeline.Telemetry;
using Aegis.Pipeline.Jobs;
using Aegis.ServiceDefaults;
using Aegis.ServiceDefaults.Hosting;
using Aegis.ServiceDefaults.Security;
using Aegis.Sandbox;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aegis.Serve;

/// <summary>
/// The embedded host (<c>aegis serve</c>): the scan orchestration and its activities on the Durable Task
/// Framework's Azure Storage provider, the blob trigger by polling, the HTTP API with function keys, the
/// listener that turns the workers' completion notes into the scans' events — and, unless
/// <c>Aegis__LocalWorker=false</c>, a worker of its own taking jobs from the same queue as any
/// <c>aegis worker</c>. Several hosts may share one storage account and task hub. Settings come from the
/// environment over local.settings.json and are checked when the app is built: a missing or weak key
/// stops the start with a clear message.
/// </summary>
public static class HostApp
{
    public const string KeyQueryParameter = "code";

    /// <param name="settings">Settings over the environment and local.settings.json (tests); null for none.</param>
    /// <param name="sandbox">Where and how models run (the CLI's sandbox options); null for the defaults.</param>
    public static WebApplication Build(string urls, IConfiguration? settings = null, SandboxOptions? sandbox = null)
    {
        var builder = ServiceDefaultsExtensions.CreateBuilder("aegis-host", urls, ScanTelemetry.SourceName);
        builder.Configuration.AddLocalSettings();
        if (settings is not null)
            builder.Configuration.AddConfiguration(settings);
        var services = builder.Services;
        services.AddAegisSettings(SettingsRole.Host);
        // A host's name on the task hub and in verdicts: the machine and the port it serves, unless Aegis__HostId names it.
        services.PostConfigure<AegisSettings>(s => s.HostId ??= $"{Environment.MachineName}-{Port(urls)}");
        services.AddScanPipeline();
        services.AddSingleton<IScanArtifacts, ReportArtifacts>();
        if (builder.Configuration.GetValue("Aegis:LocalWorker", defaultValue: true))
            services.AddJobWorker(sandbox);
        services.AddOptions<KestrelServerOptions>().Configure<AegisSettings>((kestrel, settings) =>
            kestrel.Limits.MaxRequestBodySize = RequestBodies.ServerLimit(settings.Limits.ModelPutCap, settings.Limits.MaxRequestBytes));
        services.AddSingleton(sp => TaskHubEngine.CreateService(sp.GetRequiredService<AegisSettings>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IScanInstances, TaskHubScanInstances>();
        services.AddHostedService<TaskHubEngine>();
        services.AddHostedService<CompletionListener>();
        services.AddHostedService<PipelineService>();

        var app = builder.Build();
        // Reading the settings binds and checks them: a bad one stops the start here, listing every problem.
        var apiKeys = app.Services.GetRequiredService<AegisSettings>().ApiKeys;
        app.UseServiceDefaults();
        app.UseKeyAuthentication(new KeyAuthenticationOptions(new KeyDigests(apiKeys), QueryParameter: KeyQueryParameter));
        app.MapScanApi();
        return app;
    }

    public static Task<int> RunAsync(string urls, CancellationToken cancellationToken, SandboxOptions? sandbox = null) =>
        WebProcess.RunAsync("aegis serve", () => Build(urls, sandbox: sandbox), cancellationToken);

    /// <summary>The port of the first URL the host listens on ("0" when it names none).</summary>
    private static string Port(string urls) =>
        Uri.TryCreate(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(), UriKind.Absolute, out var uri)
            ? uri.Port.ToString() : "0";
}
