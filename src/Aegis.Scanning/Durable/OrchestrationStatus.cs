using Aegis.Scanning.Storage;

namespace Aegis.Scanning.Durable;

public static class RuntimeStatus
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
}

/// <summary>An orchestration instance as stored in the work container (Durable's instance table row).</summary>
public sealed record OrchestrationStatus
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }
    public required string RuntimeStatus { get; init; }
    public required string InputJson { get; init; }
    public string? OutputJson { get; init; }
    public string? CustomStatusJson { get; init; }
    public string? FailureMessage { get; init; }
    /// <summary>Runs started for this instance (first run and every resume); the poison count.</summary>
    public int Attempts { get; init; }
    public BlobRef? Source { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }

    public bool IsFinished => RuntimeStatus is Durable.RuntimeStatus.Completed;
}
