using Aegis.Scanning.Configuration;
using Aegis.Scanning.Telemetry;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aegis.Worker.Hosting;

/// <summary>
/// OpenTelemetry for the host and the worker: the pipeline's spans and metrics plus ASP.NET Core
/// and HttpClient instrumentation, exported to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING
/// is set, else over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, else to the console when
/// Aegis__ConsoleTelemetry is true. With none of them, nothing is exported.
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddAegisTelemetry(this IServiceCollection services, AegisSettings settings, string serviceName)
    {
        string? otlp = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        bool console = string.Equals(Environment.GetEnvironmentVariable("Aegis__ConsoleTelemetry"), "true", StringComparison.OrdinalIgnoreCase);
        string? appInsights = settings.ApplicationInsightsConnectionString;
        if (appInsights is null && string.IsNullOrEmpty(otlp) && !console)
            return services;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ScanTelemetry.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (appInsights is not null)
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights);
                else if (!string.IsNullOrEmpty(otlp))
                    tracing.AddOtlpExporter();
                else
                    tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ScanTelemetry.SourceName).AddAspNetCoreInstrumentation();
                if (appInsights is not null)
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights);
                else if (!string.IsNullOrEmpty(otlp))
                    metrics.AddOtlpExporter();
                else
                    metrics.AddConsoleExporter();
            });
        return services;
    }
}
