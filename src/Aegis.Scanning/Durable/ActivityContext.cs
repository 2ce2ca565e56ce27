namespace Aegis.Scanning.Durable;

/// <summary>What an activity knows about the call it serves.</summary>
public sealed record ActivityContext(string InstanceId, string ActivityName, int Attempt);
