namespace Aegis.Pipeline.Api;

/// <summary>POST /api/events answer: the scan each BlobCreated event of a model names, and the events not acted on with why.</summary>
public sealed record EventsAccepted(IReadOnlyList<EventScan> Scans)
{
    public IReadOnlyList<EventSkipped> Skipped { get; init; } = [];
}

/// <summary>A model blob an event named and its scan (created by this event, or found).</summary>
public sealed record EventScan(string Model, string Id, bool Created);

/// <summary>An event that started nothing: another topic or container, a name the blob-name rule refuses, a version that is not the blob's current one.</summary>
public sealed record EventSkipped(string Model, string Reason);
