using System.Diagnostics;
using Aegis.Pipeline.Telemetry;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// An activity of the scan: a span per execution (scan id, class) and duration and failure
/// metrics around <see cref="ExecuteAsync"/>. Activities run at least once, so every one of them
/// writes only blobs keyed by scan id (and class) and is safe to run again.
/// </summary>
public abstract class ScanActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    public sealed override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        string name = context.Name.Name;
        using var span = ScanTelemetry.StartActivity(name, context.InstanceId, input);
        var clock = Stopwatch.StartNew();
        try
        {
            var output = await ExecuteAsync(context, input, CancellationToken.None);
            ScanTelemetry.RecordActivity(name, clock.Elapsed.TotalSeconds, succeeded: true);
            return output;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            ScanTelemetry.RecordActivity(name, clock.Elapsed.TotalSeconds, succeeded: false);
            throw;
        }
    }

    protected abstract Task<TOutput> ExecuteAsync(TaskActivityContext context, TInput input, CancellationToken cancellationToken);
}
