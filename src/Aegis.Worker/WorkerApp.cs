using Aegis.Pipeline;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Telemetry;
using Aegis.Sandbox;
using Aegis.ServiceDefaults;
using Aegis.ServiceDefaults.Hosting;

namespace Aegis.Worker;

/// <summary>
/// The worker (<c>aegis worker</c>, the GPU container): takes jobs from the job queue and runs them —
/// inspections, classes of AEGIS, Neural Cleanse — each model in its sandbox. It needs only storage
/// (<c>AzureWebJobsStorage</c>): no inbound requests, no key, no task hub. It listens only for
/// <c>GET /api/health</c>, for container probes (on a random loopback port unless <c>--urls</c> says where).
/// </summary>
public static class WorkerApp
{
    public const string DefaultUrls = "http://127.0.0.1:0";

    public static WebApplication Build(string urls, SandboxOptions? sandbox = null)
    {
        var builder = ServiceDefaultsExtensions.CreateBuilder("aegis-worker", urls, ScanTelemetry.SourceName);
        builder.Configuration.AddLocalSettings();
        builder.Services.AddAegisSettings(SettingsRole.Worker);
        builder.Services.AddJobWorker(sandbox);

        var app = builder.Build();
        // Reading the settings binds and checks them: no storage, or a bad setting, stops the start here.
        _ = app.Services.GetRequiredService<AegisSettings>();
        app.UseServiceDefaults();
        return app;
    }

    public static Task<int> RunAsync(string urls, CancellationToken cancellationToken, SandboxOptions? sandbox = null) =>
        WebProcess.RunAsync("aegis worker", () => Build(urls, sandbox), cancellationToken);
}
