using Aegis.Functions.Triggers;
using Aegis.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace Aegis.Functions.Hosting;

/// <summary>The pipeline's settings as the Functions app reads them (app settings arrive as environment variables).</summary>
public static class FunctionsSettings
{
    /// <summary>
    /// Settings of <c>aegis serve</c> and the workers that mean nothing here: the Functions host checks
    /// function keys, the Event Grid blob trigger replaces polling, no model runs here (no local worker, no
    /// worker settings, no model cache), host.json sets the queue leases, telemetry goes to Azure Monitor.
    /// </summary>
    public static readonly IReadOnlyList<string> HostOnly =
    [
        "Aegis__ApiKeys", "Aegis__PollIntervalSeconds", "Aegis__LeaseSeconds", "Aegis__LocalWorker", "Aegis__WorkerId", "Aegis__WorkerConcurrency",
        "Aegis__JobVisibilitySeconds", "Aegis__MaxJobDequeues", "Aegis__CacheDirectory", "Aegis__CacheMaxBytes",
        "Aegis__ConsoleTelemetry", "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    /// <summary>
    /// The Functions host ends an HTTP request at 100 MB (and 230 seconds), so <c>PUT /api/models/{name}</c>
    /// must refuse a model before that with its own 413; larger models go through <c>POST /api/uploads</c>.
    /// </summary>
    public const long RequestLimitBytes = 100L * 1024 * 1024;

    /// <summary>Binds and checks the settings as <c>aegis serve</c> does (<see cref="SettingsRole.Functions"/>): every problem in one message.</summary>
    /// <exception cref="InvalidOperationException">The settings are not usable here.</exception>
    public static AegisSettings Load(IConfiguration configuration)
    {
        var settings = AegisConfiguration.Bind(configuration);
        var result = new AegisSettingsValidator(SettingsRole.Functions).Validate(null, settings);
        if (result.Failed)
            throw new InvalidOperationException("The Functions app cannot start: " + string.Join(" ", result.Failures));
        if (settings.Limits.ModelPutCap >= RequestLimitBytes)
            throw new InvalidOperationException($"Setting Aegis__Limits__MaxModelPutBytes is {settings.Limits.MaxModelPutBytes}, but a Functions HTTP request stops at {RequestLimitBytes} bytes: " +
                                                "keep it below (the default is 64 MiB); larger models are uploaded through POST /api/uploads.");
        if (settings.Containers.Models != ModelBlobTrigger.Container)
            throw new InvalidOperationException($"Setting Aegis__Containers__Models is '{settings.Containers.Models}', but the blob trigger watches '{ModelBlobTrigger.Container}'.");
        return settings;
    }
}
