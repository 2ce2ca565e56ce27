using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Aegis.Cli.Rendering;
using Aegis.Sandbox;
using Aegis.Core.Detection;
using Aegis.Scanner;
using Aegis.Core.Clustering;
using Aegis.Core.Embedding;
using Aegis.Core.IO;
using Spectre.Console;

namespace Aegis.Cli.Commands;

/// <summary>
/// `aegis bench`: times a default scan stage by stage and sets the figures beside the PyTorch +
/// scikit-learn reference the issue measured on this kind of machine; with --sklearn, also runs
/// scikit-learn on one of the scan's own feature matrices for a same-input comparison.
/// </summary>
public static class BenchCommand
{
    // The reference (PyTorch + scikit-learn, 10 classes x 500 seeds, fixture-sized CNN, 2 cores), midpoints of the measured ranges.
    private const double ReferenceTranslation = (52 + 92) / 2.0;
    private const double ReferenceTsne = (19 + 34) / 2.0;
    private const double ReferenceMeanShift = (9 + 13) / 2.0;
    private const double ReferenceTotal = (90 + 140) / 2.0;

    public static Command Create()
    {
        var model = new Argument<FileSystemInfo?>("model") { Description = "Model to scan (default: the demo's backdoored model, trained once if needed).", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"Training data folder (default: $AEGIS_DATA, else {ScanCommand.FashionMnist})." };
        var sklearn = new Option<bool>("--sklearn") { Description = "Also time scikit-learn (Debian's /usr/bin/python3) on the same feature matrix of one class." };
        var scan = new ScanOptions();
        var sandbox = new SandboxCommandOptions();
        var command = new Command("bench", "Time a default scan stage by stage and compare with the PyTorch + scikit-learn reference.") { model, data, sklearn };
        scan.AddTo(command);
        sandbox.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            if (scan.ReadValid(parse) is not { } parameters || sandbox.ReadValid(parse) is not { } sandboxOptions)
                return ExitCodes.Usage;
            var dataDirectory = parse.GetValue(data)?.FullName ?? ScanCommand.DefaultDataDirectory();
            if (dataDirectory is null)
            {
                Console.Error.WriteLine("error: no training data: pass --data DIR.");
                return ExitCodes.Usage;
            }
            var modelPath = parse.GetValue(model)?.FullName
                ?? (await DemoTrainingView.RunAsync(console, dataDirectory, null, cancellationToken)).Backdoored.Path;
            var output = Path.Combine(Path.GetTempPath(), $"aegis-bench-{Guid.NewGuid():N}");
            try
            {
                var request = new LocalScanRequest
                {
                    ModelPath = modelPath,
                    DataDirectory = dataDirectory,
                    OutputDirectory = output,
                    Parameters = parameters,
                    Sandbox = sandboxOptions,
                    WriteReport = false,
                    SaveFeatures = parse.GetValue(sklearn),
                };
                var verdict = await ScanProgressView.RunAsync(console, request, cancellationToken);
                if (verdict.Error is { } error)
                {
                    console.MarkupLineInterpolated($"[red]Scan failed ({error.Code}):[/] {error.Message}");
                    return ExitCodes.ScanError;
                }

                var t = verdict.TimingsSeconds;
                var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{verdict.Classes.Count} classes, {request.Parameters.Seeds} seeds, {request.Parameters.Steps} PGD steps, {Environment.ProcessorCount} cores[/]")
                    .AddColumn("stage").AddColumn("aegis (s)").AddColumn("reference (s)").AddColumn("speed-up");
                void Row(string stage, double ours, double? reference) => table.AddRow(stage, ours.ToString("F1"),
                    reference?.ToString("F0") ?? "—", reference is double r && ours > 0 ? $"{r / ours:F1}x" : "—");
                Row("input-gate probe", t.InputGate, null);
                Row("robustness check", t.Robustness, null);
                Row("translation (PGD)", t.Translation, ReferenceTranslation);
                Row("features", t.Features, null);
                Row("t-SNE", t.Embedding, ReferenceTsne);
                Row("mean shift + bandwidth", t.Clustering, ReferenceMeanShift);
                Row("trigger probe", t.TriggerProbe, null);
                Row("total", t.Total, ReferenceTotal);
                console.Write(table);
                console.MarkupLine("[grey]Reference: PyTorch + scikit-learn on the same 2-core machine kind (issue #2), midpoint of the measured range.[/]");
                await ReportFloorAsync(console, new ScanTarget(modelPath, Path.GetFileName(modelPath), dataDirectory, dataDirectory), sandboxOptions,
                    request.Parameters, (long)verdict.Classes.Count * request.Parameters.Seeds * request.Parameters.Steps, t.Translation, cancellationToken);

                if (parse.GetValue(sklearn))
                    CompareWithScikitLearn(console, output, verdict.Classes[^1].Label, request.Parameters.Perplexity);
                return 0;
            }
            finally
            {
                if (Directory.Exists(output))
                    Directory.Delete(output, recursive: true);
            }
        });
        return command;
    }

    /// <summary>
    /// The translation beside its arithmetic floor: image-steps times a bare forward + input-gradient
    /// pass of the same model in the same kind of sandbox, so what the rest of the translation costs
    /// (projection, copies, progress) shows, and what no implementation on this machine can beat.
    /// </summary>
    private static async Task ReportFloorAsync(IAnsiConsole console, ScanTarget target, SandboxOptions sandbox, ScanParameters parameters,
        long imageSteps, double translationSeconds, CancellationToken cancellationToken)
    {
        const int Passes = 20;
        await using var scan = await ModelScan.OpenAsync(target, sandbox, cancellationToken);
        double perImage = await scan.MeasureFloorAsync(parameters.BatchSize, Passes, cancellationToken);
        double floor = perImage * imageSteps;
        console.MarkupLine($"Translation floor: {imageSteps:N0} image-steps x {perImage * 1e6:F0} µs (fastest bare forward + input gradient at batch {parameters.BatchSize}) = [bold]{floor:F1} s[/]; the translation took {translationSeconds / floor:F2}x that.");
        console.MarkupLine($"[grey]A whole scan at 0.1 of the reference ({ReferenceTotal / 10:F1} s) is {ReferenceTotal / 10 / floor:P0} of this floor alone.[/]");
    }

    private static void CompareWithScikitLearn(IAnsiConsole console, string output, int label, double perplexity)
    {
        var features = Path.Combine(output, "features", $"class-{label}.npy");
        var script = Path.Combine(AppContext.BaseDirectory, "tools", "sklearn", "compare.py");
        if (!File.Exists(script))
            script = Path.GetFullPath(Path.Combine("tools", "sklearn", "compare.py"));
        var start = new ProcessStartInfo("/usr/bin/python3", [script, features]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(start);
        if (python is null)
        {
            console.MarkupLine("[yellow]Could not start /usr/bin/python3.[/]");
            return;
        }
        string stdout = python.StandardOutput.ReadToEnd();
        string stderr = python.StandardError.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode != 0)
        {
            console.MarkupLineInterpolated($"[yellow]scikit-learn comparison failed (is python3-sklearn installed?): {stderr.Trim()}[/]");
            return;
        }
        using var reference = JsonDocument.Parse(stdout);
        var root = reference.RootElement;

        var matrix = Npy.ReadMatrix(features);
        var clock = Stopwatch.StartNew();
        var embedding = TSne.Embed(matrix, new TSneOptions { Perplexity = perplexity });
        double tsne = clock.Elapsed.TotalSeconds;
        clock.Restart();
        double bandwidth = BandwidthEstimator.Estimate(embedding, 2);
        var clusters = MeanShift.Fit(embedding, 2, bandwidth);
        double meanShift = clock.Elapsed.TotalSeconds;

        double skTsne = root.GetProperty("tsne_s").GetDouble();
        double skMeanShift = root.GetProperty("bandwidth_s").GetDouble() + root.GetProperty("meanshift_s").GetDouble();
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]class {label}: {matrix.Rows} x {matrix.Columns} features, same input[/]")
            .AddColumn("").AddColumn("aegis").AddColumn("scikit-learn 1.2").AddColumn("ratio");
        table.AddRow("clusters", clusters.ClusterCount.ToString(), root.GetProperty("clusters").GetInt32().ToString(), "");
        table.AddRow("bandwidth", bandwidth.ToString("F2"), root.GetProperty("bandwidth").GetDouble().ToString("F2"), "");
        table.AddRow("t-SNE (s)", tsne.ToString("F2"), skTsne.ToString("F2"), $"{skTsne / tsne:F1}x faster");
        table.AddRow("bandwidth + mean shift (s)", meanShift.ToString("F3"), skMeanShift.ToString("F2"), $"{skMeanShift / meanShift:F0}x faster");
        console.Write(table);
    }
}
