using Aegis.Pipeline.Orchestration;

namespace Aegis.Pipeline.Engine;

/// <summary>
/// The durable engine's scan instances, as the triggers and the HTTP API see them: start one per
/// instance id, read one back. <c>aegis serve</c> implements it on the Durable Task Framework's
/// client, the Functions app on the Durable Task SDK's <c>DurableTaskClient</c>.
/// </summary>
public interface IScanInstances
{
    /// <summary>Starts the scan orchestration under this id; false when an instance with this id already exists (nothing is started twice).</summary>
    Task<bool> StartAsync(string instanceId, ScanRequest request, CancellationToken cancellationToken = default);

    /// <summary>The instance's state as the engine stores it, or null when there is none.</summary>
    Task<ScanInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Raises an external event on the instance (a job's outcome for the scan waiting on it); nothing happens when there is no such instance.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken = default);
}
