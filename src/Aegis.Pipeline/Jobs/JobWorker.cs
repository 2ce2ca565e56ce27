using System.Diagnostics;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Jobs.Handlers;
using Aegis.Pipeline.Storage;
using Aegis.Scanner;
using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// A worker: takes the next job from the job queue, holds it while it works (<see cref="MessageLease"/>),
/// fetches the model and dataset into its cache, runs the job's handler, writes the job's outcome, notes
/// the completion for the hosts and deletes the message. It needs storage and nothing else: no inbound
/// HTTP, no task hub. A worker killed mid-job loses nothing — the message reappears and another worker
/// runs the job again; a message taken <c>Aegis__MaxJobDequeues</c> times without finishing is poisoned:
/// its outcome is an error, so its scan ends with an error verdict instead of waiting forever.
/// </summary>
public sealed class JobWorker(JobQueues queues, BlobCache cache, JobResults results, IEnumerable<IJobHandler> handlers,
    AegisSettings settings, ILogger<JobWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(250), LongestPoll = TimeSpan.FromSeconds(5);
    /// <summary>How soon a job that failed for a reason other than its input is tried again (by any worker).</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queues.EnsureAsync(stoppingToken);
                break;
            }
            catch (RequestFailedException e)
            {
                logger.LogWarning("Job queues not ready ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
        logger.LogInformation("Worker {Worker} taking jobs from {Queue}", settings.WorkerId, queues.Jobs.Name);
        await Task.WhenAll(Enumerable.Range(0, settings.WorkerConcurrency).Select(_ => TakeJobsAsync(stoppingToken)));
    }

    private async Task TakeJobsAsync(CancellationToken stoppingToken)
    {
        var wait = FirstPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage? message;
            try
            {
                message = (await queues.Jobs.ReceiveMessageAsync(settings.JobVisibility, stoppingToken)).Value;
            }
            catch (RequestFailedException e)
            {
                logger.LogWarning("Could not read the job queue ({Message})", e.Message);
                message = null;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (message is null)
            {
                await Delay(wait, stoppingToken);
                wait = TimeSpan.FromTicks(Math.Min(LongestPoll.Ticks, wait.Ticks * 2));
                continue;
            }
            wait = FirstPoll;
            await RunAsync(message, stoppingToken);
        }
    }

    /// <summary>One message, from taking it to deleting it (or letting it go back to the queue).</summary>
    internal async Task RunAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var (job, problem) = ScanJob.FromMessage(message.Body.ToString(), settings.Containers.Models);
        if (job is null)
        {
            // Nothing trustworthy names a scan to report to; no host made this message.
            logger.LogWarning("Refused job message {MessageId}: {Problem}", message.MessageId, problem);
            await DeleteAsync(message);
            return;
        }

        await using var lease = new MessageLease(queues.Jobs, message, settings.JobVisibility, logger);
        JobOutcome? outcome = await ExistingOutcomeAsync(job, stoppingToken);
        bool written = outcome is not null;
        if (written)
        {
            // Done already (a worker that finished it lost its lease, or a scan enqueued it again): only the note is repeated.
            logger.LogInformation("{Job} of scan {ScanId} is done already", job.Name, job.ScanId);
        }
        else if (message.DequeueCount > settings.MaxJobDequeues)
        {
            outcome = JobOutcome.Failed(job.Name, JobStatus.Poisoned, new ScanError(ErrorCodes.Poisoned,
                $"{Describe(job)} was started {message.DequeueCount - 1} times and never finished: the workers that took it stopped (killed, out of memory, restarted)."),
                settings.WorkerId);
        }
        else
        {
            var clock = Stopwatch.StartNew();
            try
            {
                logger.LogInformation("Running {Job} of scan {ScanId} (attempt {Attempt})", job.Name, job.ScanId, message.DequeueCount);
                outcome = await ExecuteAsync(job, stoppingToken);
            }
            catch (ScanFailureException e)
            {
                outcome = JobOutcome.Failed(job.Name, JobStatus.Rejected, ScanErrors.Describe(e), settings.WorkerId, clock.Elapsed.TotalSeconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // This worker is stopping: the job goes back to the queue for another one at once.
                await lease.ReleaseAsync(TimeSpan.Zero);
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "{Job} of scan {ScanId} failed; it goes back to the queue", job.Name, job.ScanId);
                await lease.ReleaseAsync(RetryDelay);
                return;
            }
        }

        try
        {
            if (!written)
                await results.WriteOutcomeAsync(job.ScanId, outcome!, stoppingToken);
            await queues.Completions.SendMessageAsync(new JobCompletion(job.ScanId, job.Name).ToMessage(), stoppingToken);
            await lease.CompleteAsync(stoppingToken);
            logger.LogInformation("{Job} of scan {ScanId}: {Status}", job.Name, job.ScanId, outcome!.Status);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            logger.LogWarning("Could not report {Job} of scan {ScanId} ({Message}); it runs again", job.Name, job.ScanId, e.Message);
            await lease.ReleaseAsync(RetryDelay);
        }
    }

    private async Task<JobOutcome?> ExistingOutcomeAsync(ScanJob job, CancellationToken cancellationToken)
    {
        try
        {
            return await results.ReadOutcomeAsync(job.ScanId, job.Name, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or RequestFailedException)
        {
            return null;
        }
    }

    private async Task<JobOutcome> ExecuteAsync(ScanJob job, CancellationToken cancellationToken)
    {
        string model = await cache.GetModelAsync(job.Model, cancellationToken);
        string dataset = await cache.GetDatasetAsync(job.Dataset, cancellationToken);
        // The sandbox pool keys its sandboxes by the cached file, so one model's classes share one.
        var target = new ScanTarget(model, job.Model.Name, dataset, $"{settings.Containers.Datasets}/{job.Dataset}");
        return await _handlers[job.Kind].RunAsync(job, target, cancellationToken);
    }

    private static string Describe(ScanJob job) => job.Kind == JobKinds.ScanClass ? $"Class {job.Label} (run {job.Run})" : $"The {job.Kind} job";

    private async Task DeleteAsync(QueueMessage message)
    {
        try
        {
            await queues.Jobs.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning("Could not delete job message {MessageId} ({Status})", message.MessageId, e.Status);
        }
    }

    private static async Task Delay(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
