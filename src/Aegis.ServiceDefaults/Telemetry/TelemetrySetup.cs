using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aegis.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry for a web process: its own spans and metrics plus ASP.NET Core and HttpClient
/// instrumentation (which redact query strings), exported to Azure Monitor when
/// APPLICATIONINSIGHTS_CONNECTION_STRING is set, else over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is
/// set, else to the console when Aegis__ConsoleTelemetry is true. With none of them, nothing is exported.
/// </summary>
public static class TelemetrySetup
{
    public const string ApplicationInsightsKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ConsoleKey = "Aegis:ConsoleTelemetry";

    public static IServiceCollection AddAegisTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? appInsights = NullIfBlank(configuration[ApplicationInsightsKey]);
        string? otlp = NullIfBlank(configuration[OtlpKey]);
        bool console = configuration.GetValue<bool>(ConsoleKey);
        if (appInsights is null && otlp is null && !console)
            return services;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. sources]).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (appInsights is not null)
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights);
                else if (otlp is not null)
                    tracing.AddOtlpExporter();
                else
                    tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. sources]).AddAspNetCoreInstrumentation();
                if (appInsights is not null)
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights);
                else if (otlp is not null)
                    metrics.AddOtlpExporter();
                else
                    metrics.AddConsoleExporter();
            });
        return services;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
