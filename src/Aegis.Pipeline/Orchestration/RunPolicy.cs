using Microsoft.DurableTask;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// How often a failed activity is retried within a run (a storage throttle, a restarting worker),
/// how often a scan is run again after a transient failure outlasted its activities' own retries
/// (storage, Event Grid, or no worker finishing its jobs in time), and how long it waits in between: the delay doubles
/// with each run. After <see cref="MaxRuns"/> runs the scan is poisoned: an error verdict, unless a
/// run already wrote a verdict, which is never overwritten.
/// </summary>
public sealed record RunPolicy
{
    public int ActivityAttempts { get; init; } = 3;
    public TimeSpan FirstActivityRetry { get; init; } = TimeSpan.FromSeconds(5);
    public int MaxRuns { get; init; } = 5;
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>How often a scan waiting on its jobs reads their results itself (a completion note may be lost).</summary>
    public TimeSpan JobRecheck { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>How long a scan waits for its jobs before the run ends (no worker took them) and it runs again later.</summary>
    public TimeSpan JobDeadline { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Every activity call's options: <see cref="ActivityAttempts"/> attempts, the wait doubling from <see cref="FirstActivityRetry"/>.</summary>
    public TaskOptions ActivityOptions() =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(Math.Max(1, ActivityAttempts), FirstActivityRetry, backoffCoefficient: 2.0));

    /// <param name="runsSoFar">Runs that have failed, at least 1.</param>
    public TimeSpan DelayAfter(int runsSoFar) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, (long)(FirstDelay.Ticks * Math.Pow(2, Math.Max(0, runsSoFar - 1)))));
}
