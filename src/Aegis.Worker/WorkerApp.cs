using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Http;
using Aegis.Pipeline.Telemetry;
using Aegis.Pipeline.Workers;
using Aegis.ServiceDefaults;
using Aegis.ServiceDefaults.Hosting;
using Aegis.ServiceDefaults.Security;
using Aegis.Worker.Hosting;
using Aegis.Sandbox;
using Aegis.Pipeline.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Worker;

/// <summary>
/// The GPU worker service. <c>POST /api/translations</c> starts TranslateClass for one class (202
/// with the job); <c>GET /api/translations/{id}</c> reports it (running with the fraction done,
/// succeeded with the features blob, rejected with the input error, failed); <c>GET /api/progress</c>
/// lists the jobs running; <c>GET /api/health</c> is open for probes. Start and poll keep every
/// exchange short, whatever the translation's length. <c>POST /api/inspect</c> loads and checks a
/// model for PrepareScan on a host without TorchSharp (one request, well under the ingress limit).
/// <c>POST /api/probes</c> runs a class's trigger check and <c>POST /api/cleanses</c> Neural Cleanse,
/// each under a grant for exactly that job.
/// Every route but health needs Aegis__WorkerKey in the x-aegis-worker-key header, checked before
/// the body is read; a translation's start also needs the host's grant for exactly that class.
/// </summary>
public static class WorkerApp
{
    public static WebApplication Build(string urls, SandboxOptions? sandbox = null)
    {
        var builder = ServiceDefaultsExtensions.CreateBuilder("aegis-worker", urls, ScanTelemetry.SourceName);
        builder.Configuration.AddLocalSettings();
        var services = builder.Services;
        services.AddAegisSettings(SettingsRole.Worker);
        services.AddLocalTranslation(sandbox);
        services.AddSingleton<TranslationJobs>();
        services.AddSingleton<ModelRunRegistry>();
        services.AddSingleton<ScanModelInspector>();
        services.AddSingleton<WorkerGrantVerifier>();
        services.AddOptions<KestrelServerOptions>().Configure<AegisSettings>((kestrel, settings) => kestrel.Limits.MaxRequestBodySize = RequestBodies.ServerLimit(settings.Limits.MaxRequestBytes));

        var app = builder.Build();
        // Reading the settings binds and checks them: no key, or a weak one, stops the start here.
        var workerKey = app.Services.GetRequiredService<AegisSettings>().WorkerKey!;
        app.UseServiceDefaults();
        app.UseKeyAuthentication(new KeyAuthenticationOptions(new KeyDigests([workerKey]), WorkerHttp.KeyHeader));
        app.MapPost("/api/translations", TranslationEndpoints.StartAsync);
        app.MapGet("/api/translations/{id}", TranslationEndpoints.Get);
        app.MapPost("/" + HttpModelInspector.Route, InspectionEndpoint.InspectAsync);
        app.MapPost("/" + HttpModelRuns.ProbeRoute, ModelRunEndpoints.ProbeAsync);
        app.MapPost("/" + HttpModelRuns.CleanseRoute, ModelRunEndpoints.CleanseAsync);
        app.MapGet("/" + ModelRunAccepted.Route + "/{id}", ModelRunEndpoints.GetAsync);
        app.MapGet("/api/progress", TranslationEndpoints.Running);
        return app;
    }

    public static Task<int> RunAsync(string urls, CancellationToken cancellationToken, SandboxOptions? sandbox = null) =>
        WebProcess.RunAsync("aegis worker", () => Build(urls, sandbox), cancellationToken);
}
