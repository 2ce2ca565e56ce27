using Aegis.Cli.Commands.Pipeline;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Spectre.Console;

namespace Aegis.Cli.Rendering;

/// <summary>`aegis scan --remote`: uploads to an Aegis host and follows the scan with a progress bar.</summary>
public static class RemoteScanView
{
    public static async Task<ScanVerdict> RunAsync(IAnsiConsole console, Uri host, string key, string modelPath, string? dataset,
        ScanParameters parameters, CancellationToken cancellationToken)
    {
        using var client = new RemoteScanClient(host, key);
        ScanVerdict? verdict = null;
        try
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Uploading {Path.GetFileName(modelPath)} to {host}", maxValue: 1);
                    var progress = new Reporter(p =>
                    {
                        task.Description = $"{p.RuntimeStatus}{(p.Stage is null ? "" : $": {p.Stage}")} ({p.ClassesDone}/{p.ClassesTotal} classes)";
                        task.Value = p.ClassesTotal == 0 ? 0 : p.ClassesDone / (double)p.ClassesTotal;
                    });
                    verdict = await client.ScanAsync(modelPath, dataset, parameters, progress, TimeSpan.FromSeconds(1), cancellationToken);
                    task.Value = 1;
                });
        }
        catch (Exception e) when (e is HttpRequestException or FileNotFoundException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return VerdictBuilder.Failed(null, ErrorCodes.Internal, $"Remote scan at {host} failed: {e.Message}");
        }
        return verdict!;
    }

    private sealed class Reporter(Action<RemoteScanClient.Progress> report) : IProgress<RemoteScanClient.Progress>
    {
        public void Report(RemoteScanClient.Progress value) => report(value);
    }
}
