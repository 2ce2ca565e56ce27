using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// <c>aegis serve</c>'s consumer of the completion queue (the Functions app has a queue trigger for it):
/// each note becomes its scan's external event; a note that fails to deliver comes back after a minute.
/// </summary>
public sealed class CompletionListener(JobQueues queues, JobCompletions completions, ILogger<CompletionListener> logger) : BackgroundService
{
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(1), Idle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queues.EnsureAsync(stoppingToken);
                var messages = (await queues.Completions.ReceiveMessagesAsync(32, Visibility, stoppingToken)).Value;
                foreach (var message in messages)
                {
                    await completions.DeliverAsync(message.Body.ToString(), stoppingToken);
                    await queues.Completions.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                }
                if (messages.Length == 0)
                    await Task.Delay(Idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or InvalidOperationException)
            {
                logger.LogWarning("Completion queue: {Message}; retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
