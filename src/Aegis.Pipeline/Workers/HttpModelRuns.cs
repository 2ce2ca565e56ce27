using Aegis.Core.Detection;

namespace Aegis.Pipeline.Workers;

/// <summary>
/// Model runs on the workers: each is started by one request (<c>POST /api/probes</c>, <c>POST /api/cleanses</c>),
/// polled if it outlasts the worker's wait (<see cref="ModelRunAccepted"/>), the start carrying a grant for exactly that job (<see cref="ModelRunGrant"/>), answered by the first worker
/// that can (<see cref="FirstWorker"/>). A trigger check goes first to the worker that translated the
/// class, whose sandbox still holds the model. What comes back is checked by the caller (the activities).
/// </summary>
public sealed class HttpModelRuns(HttpClient http, IReadOnlyList<Uri> workers, WorkerGrantSigner grants) : IModelRuns
{
    public const string ProbeRoute = "api/probes";
    public const string CleanseRoute = "api/cleanses";

    public Task<IReadOnlyList<TriggerProbeCounts>> ProbeTriggerAsync(ProbeJob job, string? preferredWorker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return FirstWorker.PostAsync<IReadOnlyList<TriggerProbeCounts>>(http, workers.OrderBy(w => Same(w, preferredWorker) ? 0 : 1), ProbeRoute, job, () => Grant(job),
            $"check class {job.Label}'s trigger for scan {job.ScanId}", cancellationToken);
    }

    public Task<ReversedTriggerSet> ReverseTriggersAsync(CleanseJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return FirstWorker.PostAsync<ReversedTriggerSet>(http, workers, CleanseRoute, job, () => Grant(job),
            $"reverse the triggers for scan {job.ScanId}", cancellationToken);
    }

    private string Grant(ModelRunJob job) => grants.Sign(ModelRunGrant.For(job, DateTimeOffset.UtcNow + ModelRunGrant.Lifetime));

    /// <summary>The translation's <see cref="FeaturesRef.ExecutedBy"/> is the worker's base URL as it saw itself.</summary>
    private static bool Same(Uri worker, string? executedBy) =>
        executedBy is not null && Uri.TryCreate(executedBy, UriKind.Absolute, out var other)
        && Uri.Compare(worker, other, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
