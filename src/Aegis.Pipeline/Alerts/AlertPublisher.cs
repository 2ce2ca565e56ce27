using Aegis.Core.Verdicts;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Azure;
using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace Aegis.Pipeline.Alerts;

/// <summary>
/// Publishes scan alerts as CloudEvents to an Event Grid topic: Aegis.Scan.Completed for every
/// verdict, Aegis.Scan.BackdoorDetected when the model is backdoored, and Aegis.Scan.SuspectsTraced
/// once the trace after a backdoored verdict has written suspects.json. No endpoint, no alerts.
/// With a key the topic is called with it; without one, as the app's managed identity (the
/// deployment's topic has local auth off and grants the app EventGrid Data Sender).
/// An advisory verdict says so in its data and in the <see cref="AdvisoryAttribute"/> extension
/// attribute, which Event Grid subscriptions can filter on.
/// </summary>
public sealed class AlertPublisher
{
    public const string CompletedType = "Aegis.Scan.Completed";
    public const string BackdoorDetectedType = "Aegis.Scan.BackdoorDetected";
    public const string SuspectsTracedType = "Aegis.Scan.SuspectsTraced";
    public const string Source = "/aegis/scans";
    /// <summary>CloudEvents extension attribute: true when the scan ran with parameters other than the server's policy.</summary>
    public const string AdvisoryAttribute = "aegisadvisory";

    private readonly EventGridPublisherClient? _client;

    public AlertPublisher(Uri? endpoint, string? key, EventGridPublisherClientOptions? options = null)
    {
        if (endpoint is null)
            return;
        _client = string.IsNullOrEmpty(key)
            ? new EventGridPublisherClient(endpoint, new DefaultAzureCredential(), options)
            : new EventGridPublisherClient(endpoint, new AzureKeyCredential(key), options);
    }

    public bool Enabled => _client is not null;

    public static IReadOnlyList<CloudEvent> EventsFor(ScanSummary summary)
    {
        var events = new List<CloudEvent> { Create(CompletedType, summary.ScanId, summary.ModelName, summary.Advisory, PipelineJson.Serialize(summary)) };
        if (summary.Verdict == VerdictKinds.Backdoored)
            events.Add(Create(BackdoorDetectedType, summary.ScanId, summary.ModelName, summary.Advisory, PipelineJson.Serialize(summary)));
        return events;
    }

    public static CloudEvent SuspectsEvent(TracedSuspects traced) =>
        Create(SuspectsTracedType, traced.ScanId, traced.ModelName, traced.Advisory, PipelineJson.Serialize(traced));

    public async Task<IReadOnlyList<string>> PublishAsync(ScanSummary summary, CancellationToken cancellationToken)
    {
        if (_client is null)
            return [];
        var events = EventsFor(summary);
        await _client.SendEventsAsync(events, cancellationToken);
        return events.Select(e => e.Type).ToArray();
    }

    public async Task PublishSuspectsAsync(TracedSuspects traced, CancellationToken cancellationToken)
    {
        if (_client is not null)
            await _client.SendEventAsync(SuspectsEvent(traced), cancellationToken);
    }

    private static CloudEvent Create(string type, string scanId, string modelName, bool advisory, string data)
    {
        var alert = new CloudEvent(Source, type, BinaryData.FromString(data), "application/json", CloudEventDataFormat.Json)
        {
            // Stable per scan and type, so a re-published alert can be deduplicated by subscribers.
            Id = $"{scanId}-{type}",
            Subject = $"models/{modelName}",
        };
        alert.ExtensionAttributes[AdvisoryAttribute] = advisory;
        return alert;
    }
}
