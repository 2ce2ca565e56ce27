using Aegis.Functions.Triggers;
using Aegis.Scanning.Configuration;

namespace Aegis.Functions.Hosting;

/// <summary>The pipeline's settings as the Functions app reads them (app settings arrive as environment variables).</summary>
public static class FunctionsSettings
{
    /// <summary>
    /// Settings of <c>aegis serve</c> that mean nothing here: the Functions host checks function keys,
    /// the Event Grid blob trigger replaces polling, translation is never in-process, host.json sets
    /// the queue leases, telemetry goes to Azure Monitor.
    /// </summary>
    public static readonly IReadOnlyList<string> HostOnly =
    [
        "Aegis__ApiKeys", "Aegis__PollIntervalSeconds", "Aegis__InProcessConcurrency", "Aegis__LeaseSeconds",
        "Aegis__ConsoleTelemetry", "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    public static AegisSettings Load(Func<string, string?> get)
    {
        var settings = AegisSettings.FromValues(get);
        if (settings.Workers.Count == 0)
            throw new InvalidOperationException("Setting Aegis__Workers is empty: the Functions app has no TorchSharp, models are inspected and translated by the workers.");
        if (settings.Containers.Models != ModelBlobTrigger.Container)
            throw new InvalidOperationException($"Setting Aegis__Containers__Models is '{settings.Containers.Models}', but the blob trigger watches '{ModelBlobTrigger.Container}'.");
        return settings;
    }
}
