using System.Diagnostics;
using Aegis.Core.Verdicts;
using Aegis.Reporting;

namespace Aegis.Scanner;

/// <summary>
/// The Neural Cleanse part of a local scan: the sandbox reverses every class's trigger, and the
/// verdict is assembled as the pipeline assembles it (<see cref="NeuralCleanseVerdict"/>): the sizes
/// judged against the dataset's built-in reference (when the training data has one), the reversed
/// triggers drawn beside the verdict.
/// </summary>
public static class NeuralCleanseScan
{
    public static async Task<ScanVerdict> RunAsync(ModelScan scan, IReadOnlyList<int> classes, ScanOutcome outcome,
        string? evidenceDirectory, Action<string>? status, Stopwatch total, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var progress = PercentStatus.For(status, percent => $"Neural Cleanse: reversing every class's trigger ({percent}%)");
        var (triggers, reference, allToAll) = await scan.ReverseTriggersAsync(classes, outcome.Parameters, progress, cancellationToken);
        outcome = outcome with { Timings = outcome.Timings with { NeuralCleanse = clock.Elapsed.TotalSeconds } };
        if (evidenceDirectory is not null)
            status?.Invoke("Drawing the reversed triggers");
        var assembled = NeuralCleanseVerdict.Assemble(outcome with
            {
                Timings = outcome.Timings with { Total = total.Elapsed.TotalSeconds },
                CompletedAt = DateTimeOffset.UtcNow,
            },
            triggers, reference, scan.InputShape, evidenceDirectory is null ? null : new ReportArtifacts(), evidenceDirectory, allToAll: allToAll, cancellationToken: cancellationToken);
        return assembled.Verdict;
    }
}
