namespace Aegis.Pipeline.Activities;

/// <summary>The CloudEvent types published for a verdict (none when no Event Grid topic is configured).</summary>
public sealed record AlertResult(IReadOnlyList<string> Published);
