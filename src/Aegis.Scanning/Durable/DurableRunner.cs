using Aegis.Scanning.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Aegis.Scanning.Durable;

/// <summary>
/// The local stand-in for the Durable Task runtime: creates orchestration instances (once per
/// instance id), runs an orchestrator against checkpointed activities and records its status.
/// </summary>
public sealed class DurableRunner(BlobContainerClient work, ActivityCatalog catalog)
{
    /// <summary>Creates the instance; false when an instance with this id already exists (nothing is started twice).</summary>
    public Task<bool> CreateAsync(string instanceId, string name, object input, BlobRef? source, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        return ScanStorage.TryCreateJsonAsync(work, WorkPaths.Status(instanceId), new OrchestrationStatus
        {
            InstanceId = instanceId, Name = name, RuntimeStatus = RuntimeStatus.Pending,
            InputJson = PipelineJson.Serialize(input), Source = source, CreatedAt = now, LastUpdatedAt = now,
        }, cancellationToken);
    }

    public Task<OrchestrationStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ScanStorage.ReadJsonAsync<OrchestrationStatus>(work, WorkPaths.Status(instanceId), cancellationToken);

    public Task SaveStatusAsync(OrchestrationStatus status, CancellationToken cancellationToken = default) =>
        ScanStorage.WriteJsonAsync(work, WorkPaths.Status(status.InstanceId), status with { LastUpdatedAt = DateTimeOffset.UtcNow }, cancellationToken);

    /// <summary>Names of the checkpoints an instance has, e.g. "TranslateClass-c007".</summary>
    public async Task<IReadOnlyList<string>> ListCheckpointsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var prefix = WorkPaths.CheckpointPrefix(instanceId);
        var names = new List<string>();
        await foreach (var blob in work.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            names.Add(Path.GetFileNameWithoutExtension(blob.Name[prefix.Length..]));
        return names;
    }

    /// <summary>
    /// Runs (or resumes) the instance to completion. Activities already checkpointed are replayed,
    /// not executed. An orchestrator exception marks the instance Failed; cancellation (host
    /// shutdown) leaves it Running so the next host resumes it.
    /// </summary>
    public async Task<OrchestrationStatus> RunAsync(string instanceId, Func<IOrchestrationContext, Task<object>> orchestrator, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(instanceId, cancellationToken)
            ?? throw new InvalidOperationException($"Orchestration instance {instanceId} does not exist.");
        if (status.IsFinished)
            return status;

        status = status with { RuntimeStatus = RuntimeStatus.Running, Attempts = status.Attempts + 1, FailureMessage = null };
        await SaveStatusAsync(status, cancellationToken);

        var gate = new SemaphoreSlim(1, 1);
        string? lastCustom = status.CustomStatusJson;
        async Task SaveCustom(string? custom)
        {
            if (custom == lastCustom)
                return;
            await gate.WaitAsync(cancellationToken);
            try
            {
                lastCustom = custom;
                status = status with { CustomStatusJson = custom };
                await SaveStatusAsync(status, cancellationToken);
            }
            finally { gate.Release(); }
        }

        var context = new LocalOrchestrationContext(work, catalog, status, SaveCustom, cancellationToken);
        OrchestrationStatus final;
        try
        {
            var output = await orchestrator(context);
            final = status with { RuntimeStatus = RuntimeStatus.Completed, OutputJson = PipelineJson.Serialize(output) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            final = status with { RuntimeStatus = RuntimeStatus.Failed, FailureMessage = $"{e.GetType().Name}: {e.Message}" };
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            final = final with { CustomStatusJson = lastCustom };
            await SaveStatusAsync(final, cancellationToken);
        }
        finally { gate.Release(); }
        return final;
    }
}
