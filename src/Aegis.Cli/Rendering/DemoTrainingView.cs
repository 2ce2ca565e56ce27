using Aegis.Lab.Demo;
using Spectre.Console;

namespace Aegis.Cli.Rendering;

/// <summary>Progress bars while the demo's models train (or a line each when they come from the cache).</summary>
public static class DemoTrainingView
{
    public static async Task<DemoModelSet> RunAsync(IAnsiConsole console, string dataDirectory, string? cacheDirectory, CancellationToken cancellationToken)
    {
        DemoModelSet? models = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new Reporter(p =>
                {
                    if (!tasks.TryGetValue(p.Model, out var task))
                        tasks[p.Model] = task = context.AddTask(p.Model, maxValue: 1);
                    if (p.Training is { } t)
                    {
                        task.Value = ((t.Epoch - 1) + t.Batch / (double)Math.Max(1, t.Batches)) / t.Epochs;
                        task.Description = $"{p.Model}: epoch {t.Epoch}/{t.Epochs}, loss {t.Loss:F3}, acc {t.Accuracy:P0}";
                    }
                    else
                    {
                        task.Description = $"{p.Model}: {Markup.Escape(p.Stage)}";
                    }
                });
                models = await DemoModels.EnsureAsync(dataDirectory, cacheDirectory, progress, cancellationToken);
                foreach (var task in tasks.Values)
                    task.Value = task.MaxValue;
            });
        return models!;
    }

    private sealed class Reporter(Action<DemoProgress> report) : IProgress<DemoProgress>
    {
        public void Report(DemoProgress value) => report(value);
    }
}
