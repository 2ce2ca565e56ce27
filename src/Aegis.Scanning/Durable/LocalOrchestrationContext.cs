using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Telemetry;
using Azure.Storage.Blobs;

namespace Aegis.Scanning.Durable;

/// <summary>
/// Runs activities for one orchestration run. Each finished activity's result is stored as a
/// checkpoint blob keyed by activity name and input; when a restarted host runs the orchestrator
/// again, finished activities return their checkpoint instead of running a second time.
/// </summary>
internal sealed class LocalOrchestrationContext(
    BlobContainerClient work,
    ActivityCatalog catalog,
    OrchestrationStatus status,
    Func<string?, Task> saveCustomStatus,
    CancellationToken cancellationToken) : IOrchestrationContext
{
    private volatile bool _replaying = true;

    public string InstanceId { get; } = status.InstanceId;
    public bool IsReplaying => _replaying;
    public int Executed;
    public int Replayed;

    public T GetInput<T>() => PipelineJson.Deserialize<T>(status.InputJson);

    public void SetCustomStatus(object? customStatus) =>
        _pendingCustomStatus = customStatus is null ? null : PipelineJson.Serialize(customStatus);

    private volatile string? _pendingCustomStatus;

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, RetryPolicy? retry = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string inputJson = PipelineJson.Serialize(input);
        string key = $"{name}-{(input is IActivityKey keyed ? keyed.ActivityKey : Hash(inputJson))}";
        string path = WorkPaths.Checkpoint(InstanceId, key);

        var checkpoint = await ScanStorage.ReadJsonAsync<ActivityCheckpoint>(work, path, cancellationToken);
        if (checkpoint is null)
        {
            _replaying = false;
            checkpoint = await ExecuteAsync(name, inputJson, input, retry ?? RetryPolicy.None);
            await ScanStorage.WriteJsonAsync(work, path, checkpoint, cancellationToken);
            Interlocked.Increment(ref Executed);
        }
        else
        {
            Interlocked.Increment(ref Replayed);
        }
        await saveCustomStatus(_pendingCustomStatus);

        if (checkpoint.ErrorType is not null)
            throw new ActivityFailedException(name, checkpoint.ErrorType, checkpoint.ErrorMessage ?? "", checkpoint.ErrorCode);
        return PipelineJson.Deserialize<TResult>(checkpoint.OutputJson!);
    }

    private async Task<ActivityCheckpoint> ExecuteAsync(string name, string inputJson, object? input, RetryPolicy retry)
    {
        var activity = catalog.Get(name);
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        for (int attempt = 1; attempt <= Math.Max(1, retry.MaxAttempts); attempt++)
        {
            await Task.Delay(retry.DelayBefore(attempt), cancellationToken);
            using var span = ScanTelemetry.StartActivity(name, InstanceId, input, attempt);
            try
            {
                string output = await activity(inputJson, new ActivityContext(InstanceId, name, attempt), cancellationToken);
                ScanTelemetry.RecordActivity(name, clock.Elapsed.TotalSeconds, succeeded: true);
                return new ActivityCheckpoint
                {
                    Activity = name, OutputJson = output, Attempts = attempt,
                    Seconds = clock.Elapsed.TotalSeconds, CompletedAt = DateTimeOffset.UtcNow,
                };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (ScanInputException e)
            {
                // Bad input fails the same way on every attempt: no retry.
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
                ScanTelemetry.RecordActivity(name, clock.Elapsed.TotalSeconds, succeeded: false);
                return new ActivityCheckpoint
                {
                    Activity = name, ErrorType = nameof(ScanInputException), ErrorCode = e.Code, ErrorMessage = e.Message,
                    Attempts = attempt, Seconds = clock.Elapsed.TotalSeconds, CompletedAt = DateTimeOffset.UtcNow,
                };
            }
            catch (Exception e)
            {
                last = e;
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
                ScanTelemetry.RecordActivity(name, clock.Elapsed.TotalSeconds, succeeded: false);
            }
        }
        return new ActivityCheckpoint
        {
            Activity = name, ErrorType = last!.GetType().Name, ErrorMessage = last.Message,
            Attempts = retry.MaxAttempts, Seconds = clock.Elapsed.TotalSeconds, CompletedAt = DateTimeOffset.UtcNow,
        };
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
