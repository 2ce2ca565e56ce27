namespace Aegis.Scanning.Durable;

/// <summary>
/// The part of Durable Functions' TaskOrchestrationContext the scan orchestrator uses, so the
/// orchestrator runs unchanged under the local runner here and under a thin Functions adapter.
/// Orchestrator code must be deterministic: no clocks, random numbers, I/O or Task.Run — only
/// activity calls and Task.WhenAll over them.
/// </summary>
public interface IOrchestrationContext
{
    string InstanceId { get; }

    /// <summary>True while results come from checkpoints of an earlier run rather than fresh executions.</summary>
    bool IsReplaying { get; }

    T GetInput<T>();

    /// <summary>Runs the activity (at least once), or returns its checkpointed result when it already finished.</summary>
    /// <exception cref="ActivityFailedException">The activity failed on every attempt of <paramref name="retry"/>.</exception>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, RetryPolicy? retry = null);

    /// <summary>A small progress object clients read through the status API.</summary>
    void SetCustomStatus(object? status);
}
