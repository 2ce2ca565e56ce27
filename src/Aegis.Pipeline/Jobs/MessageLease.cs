using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// A worker's hold on a job message: the message stays invisible to other workers while the job runs,
/// renewed every third of its visibility timeout (each renewal gives a new pop receipt). A worker that
/// dies stops renewing, and the message reappears for another worker. Disposing stops the renewals.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _visibility;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private readonly Lock _gate = new();
    private string _popReceipt;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility, ILogger logger)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _visibility = visibility;
        _logger = logger;
        _renewals = Task.Run(RenewAsync);
    }

    /// <summary>The job is done: the message is deleted (a lease lost to another worker is no error: that worker deletes it).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await StopRenewingAsync();
        try
        {
            await _queue.DeleteMessageAsync(_messageId, PopReceipt, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            _logger.LogInformation("Job message {MessageId} was already gone when its job finished", _messageId);
        }
    }

    /// <summary>The job could not run now: the message comes back after <paramref name="delay"/> for any worker.</summary>
    public async Task ReleaseAsync(TimeSpan delay)
    {
        await StopRenewingAsync();
        try
        {
            await _queue.UpdateMessageAsync(_messageId, PopReceipt, visibilityTimeout: delay);
        }
        catch (RequestFailedException e)
        {
            _logger.LogWarning("Could not release job message {MessageId} ({Status}); it reappears when its lease runs out", _messageId, e.Status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync();
        _stop.Dispose();
    }

    private string PopReceipt
    {
        get { lock (_gate) return _popReceipt; }
    }

    private async Task StopRenewingAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        await _renewals;
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(_visibility / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var receipt = await _queue.UpdateMessageAsync(_messageId, PopReceipt, visibilityTimeout: _visibility, cancellationToken: _stop.Token);
                lock (_gate)
                    _popReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException e)
        {
            // Lost (the message reappeared and another worker took it): this worker finishes anyway; results are keyed, so the later one only overwrites.
            _logger.LogWarning("Lost the lease of job message {MessageId} ({Status})", _messageId, e.Status);
        }
    }
}
