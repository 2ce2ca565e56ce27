namespace Aegis.Pipeline.Activities;

/// <summary>Where the model went: approved/… or quarantine/…; null when it stayed where it was.</summary>
public sealed record PromotionResult(string? Destination);
