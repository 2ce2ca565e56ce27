namespace Aegis.Scanning.Api;

/// <summary>POST /api/events answer: the scan each BlobCreated event of a model names.</summary>
public sealed record EventsAccepted(IReadOnlyList<EventScan> Scans);

/// <summary>A model blob an event named and its scan (created by this event, or found).</summary>
public sealed record EventScan(string Model, string Id, bool Created);
