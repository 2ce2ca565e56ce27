using Aegis.Pipeline.Configuration;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace Aegis.Serve.Engine;

/// <summary>
/// The Durable Task Framework in <c>aegis serve</c>: the Azure Storage provider (the default
/// backend of Durable Functions: history and instance tables, control and work-item queues, lease
/// blobs in the task hub <see cref="AegisSettings.TaskHub"/>, four partitions shared by every host on
/// it) and a <see cref="TaskHubWorker"/>
/// running the scan's SDK orchestrator and activity classes through the SDK's shims. A host killed
/// at any point resumes from the history; the worker renews the lease of a long activity, and a
/// dead host's activities reappear after <see cref="AegisSettings.Lease"/>.
/// </summary>
public sealed class TaskHubEngine(
    AzureStorageOrchestrationService service, AegisSettings settings, IServiceProvider services, ILoggerFactory loggers, ILogger<TaskHubEngine> logger) : IHostedService
{
    public const int Partitions = 4;

    private TaskHubWorker? _worker;

    public static AzureStorageOrchestrationService CreateService(AegisSettings settings, ILoggerFactory loggers) => new(new AzureStorageOrchestrationServiceSettings
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(settings.Storage.ConnectionString
            ?? throw new InvalidOperationException($"aegis serve needs {StorageConnection.Name} as a connection string (Azurite's locally).")),
        TaskHubName = settings.TaskHub,
        // Several hosts share one hub: its control queues are split into partitions (four, as Durable
        // Functions does) that the hosts balance between them by leases. Each host's worker id is its
        // own and survives a restart, so a restarted host takes its partitions back at once.
        PartitionCount = Partitions,
        WorkerId = settings.HostId ?? throw new InvalidOperationException("A host needs its id (Aegis__HostId) before the task hub starts."),
        WorkItemQueueVisibilityTimeout = settings.Lease,
        ControlQueueVisibilityTimeout = settings.Lease,
        MaxQueuePollingInterval = TimeSpan.FromSeconds(2),
        // A start for an id that exists fails loudly, so a trigger knows the scan was not created by it.
        ThrowExceptionOnInvalidDedupeStatus = true,
        LoggerFactory = loggers,
    });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await service.CreateIfNotExistsAsync();
                break;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Task hub storage not ready ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = new Microsoft.DurableTask.Converters.JsonDataConverter(PipelineJson.Options) }, loggers);
        _worker = new TaskHubWorker(service, loggers);
        _worker.AddTaskOrchestrations(new TaskCreator<TaskOrchestration>(nameof(ScanOrchestrator),
            () => shims.CreateOrchestration(nameof(ScanOrchestrator), new ScanOrchestrator())));
        foreach (var type in ScanTasks.Activities)
        {
            _worker.AddTaskActivities(new TaskCreator<TaskActivity>(type.Name,
                () => shims.CreateActivity(type.Name, (ITaskActivity)ActivatorUtilities.CreateInstance(services, type))));
        }
        await _worker.StartAsync();
        logger.LogInformation("Durable Task hub {TaskHub} started", settings.TaskHub);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is not null)
            await _worker.StopAsync(isForced: false);
    }
}
