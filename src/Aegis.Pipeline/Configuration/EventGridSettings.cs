namespace Aegis.Pipeline.Configuration;

/// <summary>Event Grid: the alerts topic the pipeline publishes to, and the topic whose BlobCreated events it accepts (<c>Aegis__EventGrid__*</c>).</summary>
public sealed record EventGridSettings
{
    /// <summary>The alerts topic's endpoint; unset, no alerts are sent.</summary>
    public string? Endpoint { get; set; }
    public string? Key { get; set; }
    /// <summary>
    /// The source topic of the BlobCreated events <c>POST /api/events</c> accepts, e.g.
    /// <c>/subscriptions/…/resourceGroups/…/providers/Microsoft.Storage/storageAccounts/…</c>. The
    /// subscription validation handshake is answered only for it, and events of other topics are
    /// ignored; unset, no handshake is answered (events are still checked against storage).
    /// </summary>
    public string? ExpectedTopic { get; set; }
    /// <summary>The CloudEvents webhook handshake (OPTIONS) is answered only for this origin.</summary>
    public string AllowedOrigin { get; set; } = "eventgrid.azure.net";

    public Uri? EndpointUri => string.IsNullOrWhiteSpace(Endpoint) ? null : new Uri(Endpoint, UriKind.Absolute);
}
