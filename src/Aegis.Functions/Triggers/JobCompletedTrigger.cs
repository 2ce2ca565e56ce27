using Aegis.Pipeline.Engine;
using Aegis.Pipeline.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Aegis.Functions.Triggers;

/// <summary>
/// A worker's completion note (queue <c>Aegis__JobQueue</c>-done) becomes the waiting scan's external
/// event, as <c>aegis serve</c>'s completion listener does it; a note that fails to deliver is retried by
/// the queue trigger and, after five tries, lands in the poison queue — the scan's own timer still finds
/// the job's result.
/// </summary>
public sealed class JobCompletedTrigger(JobResults results, ILogger<JobCompletions> logger)
{
    public const string FunctionName = "JobCompleted";
    /// <summary>The completion queue's name as an app-setting expression (the settings name only the job queue).</summary>
    public const string Queue = "%Aegis__JobQueue%-done";

    [Function(FunctionName)]
    public Task RunAsync([QueueTrigger(Queue, Connection = "AzureWebJobsStorage")] string message,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        new JobCompletions(results, new DurableTaskClientInstances(client), logger).DeliverAsync(message, cancellationToken);
}
