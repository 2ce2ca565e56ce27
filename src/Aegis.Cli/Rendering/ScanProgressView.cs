using Aegis.Scanner;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Spectre.Console;

namespace Aegis.Cli.Rendering;

/// <summary>Runs a local scan under Spectre progress bars: one for the set-up, one per class.</summary>
public static class ScanProgressView
{
    public static async Task<ScanVerdict> RunAsync(IAnsiConsole console, LocalScanRequest request, CancellationToken cancellationToken)
    {
        ScanVerdict? verdict = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var setup = context.AddTask("Preparing", maxValue: 1);
                setup.IsIndeterminate = true;
                var classes = new Dictionary<int, ProgressTask>();
                var progress = new SynchronousProgress<ScanProgress>(p =>
                {
                    if (!setup.IsFinished)
                    {
                        setup.IsIndeterminate = false;
                        setup.Value = 1;
                        setup.Description = "Prepared";
                    }
                    if (!classes.TryGetValue(p.Label, out var task))
                        classes[p.Label] = task = context.AddTask($"class {p.Label}", maxValue: 1);
                    switch (p.Stage)
                    {
                        case ScanStage.Translation:
                            task.Description = $"class {p.Label}: translating";
                            task.Value = 0.9 * p.Fraction;
                            break;
                        case ScanStage.Analysis:
                            task.Description = $"class {p.Label}: t-SNE + mean shift";
                            task.Value = 0.9;
                            break;
                        case ScanStage.Report:
                            task.Description = $"class {p.Label}: evidence";
                            break;
                        case ScanStage.Done:
                            task.Description = $"class {p.Label}";
                            task.Value = 1;
                            break;
                    }
                });
                verdict = await LocalScan.RunAsync(request, progress, s => setup.Description = s, cancellationToken);
                setup.Value = 1;
                setup.StopTask();
            });
        return verdict!;
    }

    /// <summary>Reports on the caller's thread: Spectre tasks are updated in order, without a synchronisation context.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
