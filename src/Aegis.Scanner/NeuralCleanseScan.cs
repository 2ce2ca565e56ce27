using System.Diagnostics;
using Aegis.Core.Detection;
using Aegis.Reporting;

namespace Aegis.Scanner;

/// <summary>
/// The Neural Cleanse part of a local scan: the sandbox reverses every class's trigger, the sizes are
/// judged here against the dataset's built-in reference (when the training data has one), and the
/// reversed triggers are drawn beside the verdict.
/// </summary>
public static class NeuralCleanseScan
{
    public static async Task<(NeuralCleanseReport Report, double Seconds)> RunAsync(ModelScan scan, IReadOnlyList<int> classes, ScanParameters parameters,
        string? evidenceDirectory, Action<string>? status, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var options = parameters.NeuralCleanse;
        int reported = -1;
        var progress = status is null ? null : new SynchronousProgress(fraction =>
        {
            int percent = (int)(fraction * 100) / 5 * 5;
            if (percent == reported)
                return;
            reported = percent;
            status($"Neural Cleanse: reversing every class's trigger ({percent}%)");
        });
        var (triggers, reference) = await scan.ReverseTriggersAsync(classes, parameters, progress, cancellationToken);
        var decision = NeuralCleanseRule.Decide(triggers, options, reference);
        double seconds = clock.Elapsed.TotalSeconds;
        if (evidenceDirectory is null)
            return (NeuralCleanseReport.From(decision, options), seconds);
        status?.Invoke("Drawing the reversed triggers");
        var (artifacts, overview) = NeuralCleanseArtifacts.Write(evidenceDirectory, triggers, decision, scan.InputShape, cancellationToken);
        return (NeuralCleanseReport.From(decision, options, artifacts, overview), seconds);
    }

    /// <summary>Reports on the caller's thread, as the scan's own progress does.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
