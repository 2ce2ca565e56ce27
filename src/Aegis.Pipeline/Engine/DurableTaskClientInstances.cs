using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Aegis.Pipeline.Engine;

/// <summary>Scan instances through the Durable Task SDK's client (the Functions app's [DurableClient], the in-process test host).</summary>
public sealed class DurableTaskClientInstances(DurableTaskClient client) : IScanInstances
{
    public async Task<bool> StartAsync(string instanceId, ScanRequest request, CancellationToken cancellationToken = default)
    {
        // Scheduling an id that exists would restart a finished scan, so look first; two deliveries
        // racing past this check meet the engine's own refusal to start a running id twice.
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
            return false;
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ScanOrchestrator), request, new StartOrchestrationOptions(instanceId), cancellationToken);
        return true;
    }

    public async Task<ScanInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        // The input is a few KB at most (the carry-over holds references, not results), so reading it back is cheap.
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
            return null;
        return new ScanInstance
        {
            Id = metadata.InstanceId,
            RuntimeStatus = metadata.RuntimeStatus.ToString(),
            Request = Read<ScanRequest>(metadata.SerializedInput),
            Progress = Read<RunProgress>(metadata.SerializedCustomStatus),
            Summary = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? Read<ScanSummary>(metadata.SerializedOutput) : null,
            Failure = metadata.FailureDetails?.ToString(),
            CreatedAt = metadata.CreatedAt,
            LastUpdatedAt = metadata.LastUpdatedAt,
        };
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    private static T? Read<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : PipelineJson.Deserialize<T>(json);
}
