using System.Collections.Concurrent;
using Aegis.Scanning.Durable;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;
using Microsoft.Extensions.Logging;

namespace Aegis.Scanning.Trigger;

/// <summary>
/// Starts scans once per blob version, runs each instance at most once at a time in this
/// process, resumes unfinished instances after a restart and poisons an instance whose runs
/// keep failing (after <see cref="Configuration.AegisSettings.MaxAttempts"/> runs: an error verdict, no retry).
/// A finished instance leaves a blob receipt (container, name, ETag), as the Functions blob trigger does.
/// </summary>
public sealed class ScanCoordinator(ScanStorage storage, DurableRunner runner, ILogger logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    public DurableRunner Runner => runner;

    public sealed record StartResult(string InstanceId, bool Created);

    /// <summary>Creates the instance for this blob version if it is new, and makes sure it runs.</summary>
    public async Task<StartResult> StartAsync(ScanInput input, CancellationToken cancellationToken = default)
    {
        var model = input.Model with { ETag = ScanIds.NormalizeETag(input.Model.ETag) };
        string id = ScanIds.For(model);
        bool created = await runner.CreateAsync(id, ScanOrchestrator.Name, input with { Model = model }, model, cancellationToken);
        if (created)
            logger.LogInformation("Scan {ScanId} created for {Model} ({Trigger})", id, model, input.Trigger);
        Schedule(id);
        return new StartResult(id, created);
    }

    /// <summary>Runs the instance in the background unless it is already running here.</summary>
    public void Schedule(string instanceId)
    {
        if (_stopping.IsCancellationRequested)
            return;
        var start = new TaskCompletionSource();
        if (!_running.TryAdd(instanceId, start.Task))
            return;
        _ = Task.Run(async () =>
        {
            try { await RunAsync(instanceId); }
            finally
            {
                _running.TryRemove(instanceId, out _);
                start.SetResult();
            }
        });
    }

    public bool IsRunning(string instanceId) => _running.ContainsKey(instanceId);

    /// <summary>Schedules every instance a previous host left unfinished.</summary>
    public async Task ResumeUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var blob in storage.Work.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, WorkPaths.ScansPrefix, cancellationToken))
        {
            if (!blob.Name.EndsWith(WorkPaths.StatusSuffix, StringComparison.Ordinal))
                continue;
            var status = await ScanStorage.ReadJsonAsync<OrchestrationStatus>(storage.Work, blob.Name, cancellationToken);
            if (status is { IsFinished: false })
            {
                logger.LogInformation("Resuming scan {ScanId} ({Status}, {Attempts} earlier runs)", status.InstanceId, status.RuntimeStatus, status.Attempts);
                Schedule(status.InstanceId);
            }
        }
    }

    public Task WriteReceiptAsync(OrchestrationStatus status, CancellationToken cancellationToken) =>
        status.Source is null
            ? Task.CompletedTask
            : ScanStorage.WriteJsonAsync(storage.Work, WorkPaths.Receipt(status.Source), new BlobReceipt(status.InstanceId, status.LastUpdatedAt), cancellationToken);

    private async Task RunAsync(string instanceId)
    {
        var ct = _stopping.Token;
        try
        {
            var status = await runner.GetStatusAsync(instanceId, ct);
            if (status is null)
                return;
            if (!status.IsFinished)
            {
                status = status.Attempts >= storage.Settings.MaxAttempts
                    ? await PoisonAsync(status, ct)
                    : await runner.RunAsync(instanceId, ScanOrchestrator.RunAsync, ct);
            }
            if (status.IsFinished)
            {
                await WriteReceiptAsync(status, ct);
                logger.LogInformation("Scan {ScanId} finished: {Output}", instanceId, status.OutputJson);
            }
            else
            {
                Telemetry.ScanTelemetry.RecordScanFailure();
                logger.LogWarning("Scan {ScanId} run {Attempt} failed: {Failure}", instanceId, status.Attempts, status.FailureMessage);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogInformation("Scan {ScanId} interrupted by shutdown; the next host resumes it", instanceId);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Scan {ScanId} could not run", instanceId);
        }
    }

    private Task<OrchestrationStatus> PoisonAsync(OrchestrationStatus status, CancellationToken cancellationToken)
    {
        logger.LogWarning("Scan {ScanId} failed {Attempts} times; writing a poison verdict", status.InstanceId, status.Attempts);
        var poison = new PoisonInput(status.Attempts, status.FailureMessage);
        return runner.RunAsync(status.InstanceId, context => PoisonOrchestrator.RunAsync(context, poison), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values.ToArray());
        _stopping.Dispose();
    }
}

/// <summary>The blob receipt: this blob version has been handled by that scan.</summary>
public sealed record BlobReceipt(string InstanceId, DateTimeOffset CompletedAt);
