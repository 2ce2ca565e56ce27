using Aegis.Pipeline.Configuration;
using Azure.Storage.Queues;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// The two queues of the model work: jobs (<c>Aegis__JobQueue</c>), which hosts fill and any worker
/// takes from, and completions (the same name with <c>-done</c>), on which a worker notes each job it
/// finished for whichever host listens. Messages are Base64, as the Functions queue trigger reads them.
/// </summary>
public sealed class JobQueues
{
    public JobQueues(AegisSettings settings)
    {
        var service = settings.Storage.CreateQueueServiceClient();
        Jobs = service.GetQueueClient(settings.JobQueue);
        Completions = service.GetQueueClient(settings.CompletionQueue);
    }

    public QueueClient Jobs { get; }
    public QueueClient Completions { get; }

    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        await Jobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Completions.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
