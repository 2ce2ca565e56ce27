namespace Aegis.Scanning.Api;

/// <summary>The Event Grid subscription validation handshake's answer.</summary>
public sealed record SubscriptionValidated(string ValidationResponse);
