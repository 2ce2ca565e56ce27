using Aegis.ServiceDefaults.Logging;
using Aegis.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.ServiceDefaults;

/// <summary>
/// The defaults of every web process of the pipeline (as eShop's ServiceDefaults): Kestrel on the
/// given URLs, one-line console logs that never print a query string, OpenTelemetry, a health
/// endpoint for probes, and RFC 9457 problem details for errors, unhandled exceptions included.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/api/health";

    /// <param name="serviceName">The OpenTelemetry service name, e.g. "aegis-host".</param>
    /// <param name="telemetrySources">The app's own ActivitySource and Meter names.</param>
    public static WebApplicationBuilder CreateBuilder(string serviceName, string urls, params string[] telemetrySources)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddUrlSafeFilters();
        builder.Services.AddAegisTelemetry(builder.Configuration, serviceName, telemetrySources);
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>The defaults' middleware and endpoints; call first, before the app's own middleware.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseMiddleware<RequestLogMiddleware>();
        app.MapHealthChecks(HealthPath);
        return app;
    }
}
