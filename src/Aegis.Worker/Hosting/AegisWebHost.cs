using Aegis.Scanning.Configuration;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Aegis.Containment;
using Aegis.Worker.Adapters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.Worker.Hosting;

/// <summary>
/// What the worker and the embedded host share: Kestrel on the given URLs, one-line logs,
/// telemetry, storage and translation on this machine (in the model's sandbox, with these options).
/// </summary>
public static class AegisWebHost
{
    public static WebApplicationBuilder CreateBuilder(AegisSettings settings, string urls, string serviceName, SandboxOptions? sandbox = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        var services = builder.Services;
        services.AddAegisTelemetry(settings, serviceName);
        services.AddSingleton(settings);
        services.AddSingleton<ScanStorage>();
        services.AddSingleton<BlobCache>();
        services.AddSingleton(sandbox ?? new SandboxOptions());
        services.AddSingleton<ScanClassTranslator>();
        services.AddSingleton(sp => new ClassTranslationService(sp.GetRequiredService<ScanStorage>(), sp.GetRequiredService<BlobCache>(), sp.GetRequiredService<ScanClassTranslator>()));
        return builder;
    }
}
