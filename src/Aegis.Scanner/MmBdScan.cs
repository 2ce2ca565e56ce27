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
        int reported = -1;
        var progress = status is null ? null : new SynchronousProgress(fraction =>
        {
            int percent = (int)(fraction * 100) / 5 * 5;
            if (percent == reported)
                return;
            reported = percent;
            status($"MM-BD: maximising every class's margin ({percent}%)");
        });
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

    /// <summary>Reports on the caller's thread, as the scan's own progress does.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
