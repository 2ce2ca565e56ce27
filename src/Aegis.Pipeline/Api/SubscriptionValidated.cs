namespace Aegis.Pipeline.Api;

/// <summary>The Event Grid subscription validation handshake's answer.</summary>
public sealed record SubscriptionValidated(string ValidationResponse);
