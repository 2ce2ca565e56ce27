using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Azure.Storage.Blobs;

namespace Aegis.Pipeline.Trigger;

/// <summary>
/// Reads an Event Grid webhook delivery: BlobCreated events in the Event Grid schema or as
/// CloudEvents (single or batch), and the Event Grid subscription validation handshake.
/// </summary>
public static class EventGridWebhook
{
    public const string BlobCreatedType = "Microsoft.Storage.BlobCreated";
    public const string ValidationType = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /// <param name="Topic">The event's source topic (Event Grid's topic, a CloudEvent's source).</param>
    public sealed record CreatedBlob(string Container, string Name, string? ETag, string? Topic);

    /// <param name="ValidationTopic">The topic of the subscription being validated.</param>
    public sealed record Delivery(string? ValidationCode, string? ValidationTopic, IReadOnlyList<CreatedBlob> Created);

    /// <exception cref="FormatException">The body is not an Event Grid or CloudEvents delivery.</exception>
    public static Delivery Parse(BinaryData body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            throw new FormatException($"Event body is not JSON: {e.Message}", e);
        }
        var first = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().FirstOrDefault() : root;
        if (first.ValueKind != JsonValueKind.Object)
            return new Delivery(null, null, []);

        try
        {
            return first.TryGetProperty("specversion", out _) ? FromCloudEvents(CloudEvent.ParseMany(body, skipValidation: true)) : FromEventGrid(EventGridEvent.ParseMany(body));
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
        {
            throw new FormatException($"Not an Event Grid or CloudEvents delivery: {e.Message}", e);
        }
    }

    private static Delivery FromEventGrid(IEnumerable<EventGridEvent> events)
    {
        string? validation = null;
        string? validationTopic = null;
        var created = new List<CreatedBlob>();
        foreach (var e in events)
        {
            if (e.TryGetSystemEventData(out var data))
            {
                if (data is SubscriptionValidationEventData v)
                    (validation, validationTopic) = (v.ValidationCode, e.Topic);
                else if (data is StorageBlobCreatedEventData blob && Created(blob, e.Topic) is { } c)
                    created.Add(c);
            }
        }
        return new Delivery(validation, validationTopic, created);
    }

    private static Delivery FromCloudEvents(IEnumerable<CloudEvent> events)
    {
        var created = new List<CreatedBlob>();
        foreach (var e in events)
        {
            if (e.Type == BlobCreatedType && e.TryGetSystemEventData(out var data) && data is StorageBlobCreatedEventData blob && Created(blob, e.Source) is { } c)
                created.Add(c);
        }
        return new Delivery(null, null, created);
    }

    private static CreatedBlob? Created(StorageBlobCreatedEventData data, string? topic)
    {
        if (!Uri.TryCreate(data.Url, UriKind.Absolute, out var url))
            return null;
        // BlobUriBuilder knows both account-in-host (Azure) and account-in-path (Azurite) URLs.
        var parts = new BlobUriBuilder(url);
        return string.IsNullOrEmpty(parts.BlobName) ? null : new CreatedBlob(parts.BlobContainerName, parts.BlobName, data.ETag, topic);
    }
}
