using System.Collections.Concurrent;
using Aegis.Core.Verdicts;
using Aegis.Pipeline;
using Aegis.Pipeline.Workers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Worker.Hosting;

/// <summary>
/// The classes this worker translates, each as a background job the host polls. Starting a job
/// that is already running or done returns it instead of starting it twice (a failed one starts
/// again), so a host that restarted mid-class picks up the running translation; finished jobs
/// are kept for <see cref="Retention"/> so a host that polls late still gets the result.
/// </summary>
public sealed class TranslationJobs(ClassTranslationService service, IHostApplicationLifetime lifetime, ILogger<TranslationJobs> logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    private sealed class Entry(TranslationRequest request)
    {
        public TranslationRequest Request { get; } = request;
        public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
        public DateTimeOffset? FinishedAt { get; set; }
        public volatile TranslationJob? Outcome;
        public double Fraction;
    }

    private readonly ConcurrentDictionary<string, Entry> _jobs = new();

    /// <summary>Starts the class's translation unless this worker already has that job.</summary>
    public TranslationJob Start(TranslationRequest request, string executedBy)
    {
        ArgumentNullException.ThrowIfNull(request);
        Forget();
        string id = TranslationJob.IdFor(request);
        var entry = new Entry(request);
        var existing = _jobs.GetOrAdd(id, entry);
        if (existing.Outcome?.State == TranslationJob.Failed && _jobs.TryUpdate(id, entry, existing))
            existing = entry; // a failed job is tried again; a rejected one would only fail the same way
        if (ReferenceEquals(existing, entry))
            _ = Task.Run(() => RunAsync(id, entry, executedBy));
        return Snapshot(id, existing);
    }

    public TranslationJob? Get(string id) => _jobs.TryGetValue(id, out var entry) ? Snapshot(id, entry) : null;

    /// <summary>Jobs still running, oldest first.</summary>
    public IReadOnlyList<TranslationJob> Running() =>
        _jobs.Where(j => j.Value.Outcome is null).OrderBy(j => j.Value.StartedAt).Select(j => Snapshot(j.Key, j.Value)).ToArray();

    private async Task RunAsync(string id, Entry entry, string executedBy)
    {
        var request = entry.Request;
        var progress = new Progress<double>(f => Volatile.Write(ref entry.Fraction, f));
        logger.LogInformation("Translating class {Label} of scan {ScanId}", request.Label, request.ScanId);
        TranslationJob outcome;
        try
        {
            var result = await service.RunAsync(request, executedBy, progress, lifetime.ApplicationStopping);
            logger.LogInformation("Translated class {Label} of scan {ScanId} -> {Path}", request.Label, request.ScanId, result.Path);
            outcome = new TranslationJob { Id = id, State = TranslationJob.Succeeded, Fraction = 1, Result = result };
        }
        catch (Exception e) when (e is ScanInputException or ScanFailureException)
        {
            var error = e is ScanInputException input ? new WorkerError(input.Code, input.Message) : new WorkerError(((ScanFailureException)e).Code, e.Message);
            logger.LogWarning("Class {Label} of scan {ScanId} rejected: {Message}", request.Label, request.ScanId, e.Message);
            outcome = new TranslationJob { Id = id, State = TranslationJob.Rejected, Error = error };
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Class {Label} of scan {ScanId} failed", request.Label, request.ScanId);
            outcome = new TranslationJob { Id = id, State = TranslationJob.Failed, Error = new WorkerError(ErrorCodes.Internal, e.Message) };
        }
        entry.FinishedAt = DateTimeOffset.UtcNow;
        entry.Outcome = outcome;
    }

    private static TranslationJob Snapshot(string id, Entry entry) =>
        entry.Outcome ?? new TranslationJob { Id = id, State = TranslationJob.Running, Fraction = Volatile.Read(ref entry.Fraction) };

    private void Forget()
    {
        var cutoff = DateTimeOffset.UtcNow - Retention;
        foreach (var (id, entry) in _jobs)
            if (entry.FinishedAt < cutoff)
                _jobs.TryRemove(id, out _);
    }
}
