using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace Aegis.Serve.Engine;

/// <summary>Scan instances through the Durable Task Framework's client on the host's task hub.</summary>
public sealed class TaskHubScanInstances(IOrchestrationServiceClient service) : IScanInstances
{
    /// <summary>Every status counts as "exists": a blob version is scanned once, whatever became of its scan.</summary>
    private static readonly OrchestrationStatus[] AnyStatus = Enum.GetValues<OrchestrationStatus>();

    private readonly TaskHubClient _client = new(service, new PipelineDataConverter());

    public async Task<bool> StartAsync(string instanceId, ScanRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.CreateOrchestrationInstanceAsync(nameof(ScanOrchestrator), string.Empty, instanceId, request, tags: null, AnyStatus);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    public async Task<ScanInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await _client.GetOrchestrationStateAsync(instanceId);
        if (state is null)
            return null;
        return new ScanInstance
        {
            Id = instanceId,
            RuntimeStatus = state.OrchestrationStatus.ToString(),
            Request = Read<ScanRequest>(state.Input),
            Progress = Read<RunProgress>(state.Status),
            Summary = state.OrchestrationStatus == OrchestrationStatus.Completed ? Read<ScanSummary>(state.Output) : null,
            Failure = state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage ?? state.Output : null,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        };
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken = default) =>
        _client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, payload);

    private static T? Read<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : PipelineJson.Deserialize<T>(json);
}
