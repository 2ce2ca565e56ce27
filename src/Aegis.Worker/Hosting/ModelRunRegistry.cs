using Aegis.Pipeline;
using Microsoft.Extensions.Hosting;

namespace Aegis.Worker.Hosting;

/// <summary>
/// The model runs (trigger checks, Neural Cleanse) this worker is doing or has done, each a background
/// task under an id derived from its job, so a request that outlives the wait is answered 202 and polled
/// (<see cref="ModelRunEndpoints"/>) instead of held open past an ingress timeout. Starting a job that is
/// running or done joins it (a failed one starts again; a rejected one would only fail the same way);
/// finished jobs are kept for <see cref="Retention"/> so a host that polls late still gets the answer.
/// </summary>
public sealed class ModelRunRegistry(IHostApplicationLifetime lifetime)
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    private sealed record Entry(Task<object> Run)
    {
        public DateTimeOffset? FinishedAt { get; set; }
    }

    private readonly Dictionary<string, Entry> _runs = [];
    private readonly Lock _lock = new();

    /// <summary>The job's task: the running or finished one under <paramref name="id"/>, or <paramref name="run"/> started now.</summary>
    public Task<object> Start(string id, Func<CancellationToken, Task<object>> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(run);
        lock (_lock)
        {
            Forget();
            if (_runs.TryGetValue(id, out var existing) && !IsFailed(existing.Run))
                return existing.Run;
            var entry = new Entry(Task.Run(() => run(lifetime.ApplicationStopping)));
            entry.Run.ContinueWith(_ => entry.FinishedAt = DateTimeOffset.UtcNow, TaskScheduler.Default);
            _runs[id] = entry;
            return entry.Run;
        }
    }

    public Task<object>? Get(string id)
    {
        lock (_lock)
            return _runs.TryGetValue(id, out var entry) ? entry.Run : null;
    }

    /// <summary>Failed for a reason of the worker's own (not bad input), so worth running again.</summary>
    private static bool IsFailed(Task<object> run) => run.IsFaulted && run.Exception!.InnerException is not ScanInputException;

    private void Forget()
    {
        var cutoff = DateTimeOffset.UtcNow - Retention;
        foreach (var id in _runs.Where(r => r.Value.FinishedAt < cutoff).Select(r => r.Key).ToArray())
            _runs.Remove(id);
    }
}
