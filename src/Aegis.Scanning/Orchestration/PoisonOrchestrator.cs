using Aegis.Core.Verdicts;
using Aegis.Scanning.Durable;

namespace Aegis.Scanning.Orchestration;

/// <summary>
/// Ends a scan that failed too often (the Functions poison-blob rule): an error verdict and its
/// alert instead of another retry.
/// </summary>
public static class PoisonOrchestrator
{
    private static readonly RetryPolicy Storage = new(3, TimeSpan.FromSeconds(2));

    public static async Task<object> RunAsync(IOrchestrationContext context, PoisonInput poison)
    {
        var input = context.GetInput<ScanInput>();
        var scan = new PreparedScan
        {
            ScanId = context.InstanceId,
            Source = input.Model,
            Dataset = input.Dataset ?? "",
            Parameters = input.Parameters ?? new(),
            RequestedAt = input.RequestedAt,
        };
        var error = new ScanError(ErrorCodes.Poisoned,
            $"The scan of {input.Model} failed {poison.Attempts} times and will not be retried. Last failure: {poison.LastFailure ?? "the host stopped during the scan"}");
        var summary = await context.CallActivityAsync<ScanSummary>(ActivityNames.WriteVerdict, new VerdictRequest { Scan = scan, Error = error }, Storage);
        await context.CallActivityAsync<AlertResult>(ActivityNames.PublishAlert, new AlertInput(summary), Storage);
        return summary;
    }
}
