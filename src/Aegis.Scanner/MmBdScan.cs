using System.Diagnostics;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Scanner;

/// <summary>
/// The MM-BD part of a local scan (<c>--detector mm-bd</c>): the sandbox maximises every class's margin
/// from random images (no data), and the published test (<see cref="MmBdRule"/>) runs here on the statistics.
/// </summary>
public static class MmBdScan
{
    public static async Task<ScanVerdict> RunAsync(ModelScan scan, IReadOnlyList<int> classes, ScanOutcome outcome,
        Action<string>? status, Stopwatch total, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(outcome);
        var clock = Stopwatch.StartNew();
        var progress = PercentStatus.For(status, percent => $"MM-BD: maximising every class's margin ({percent}%)");
        var statistics = await scan.MaximizeMarginsAsync(classes, outcome.Parameters, progress, cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;
        MmBdReport report;
        try
        {
            report = MmBdRule.Decide(statistics, outcome.Parameters.MmBd);
        }
        catch (ArithmeticException e)
        {
            throw new ScanFailureException(ErrorCodes.NumericalFailure, $"MM-BD's Gamma null could not be fitted to the margins: {e.Message}", e);
        }
        return VerdictBuilder.MmBdDetected(outcome with
        {
            Timings = outcome.Timings with { MmBd = seconds, Total = total.Elapsed.TotalSeconds },
            CompletedAt = DateTimeOffset.UtcNow,
        }, report);
    }
}
