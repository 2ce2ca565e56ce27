using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Telemetry;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Aegis.Functions.Hosting;

/// <summary>
/// OpenTelemetry for the Functions worker: the invocation spans the Functions host correlates
/// (host.json telemetryMode OpenTelemetry), the pipeline's own spans and metrics, and outgoing
/// HTTP and Azure SDK calls, exported to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
/// </summary>
public static class FunctionsTelemetry
{
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, AegisSettings settings)
    {
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(ScanTelemetry.SourceName).AddSource("Azure.*").AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(ScanTelemetry.SourceName).AddHttpClientInstrumentation());
        if (settings.ApplicationInsightsConnectionString is { } connection)
            telemetry.UseAzureMonitorExporter(o => o.ConnectionString = connection);
        return services;
    }
}
