using System.CommandLine;
using System.Text.Json;
using Aegis.Cli.Commands.Evaluate;
using Aegis.Cli.Rendering;
using Aegis.Core.Evaluation;
using Aegis.Core.Verdicts;
using Aegis.Reporting;
using Aegis.Reporting.Evaluation;
using Spectre.Console;

namespace Aegis.Cli.Commands;

/// <summary>
/// `aegis evaluate DIR`: scans every model of a folder with known truth and measures detection as the
/// field does (ROC-AUC, cross-entropy, Brier, TPR and false alarms with intervals, AUPR, FPR at 95%
/// TPR, target class, time) per track, by attack-success bin and by trigger family.
/// Exit code: 0 when every model was scanned, 2 when a model ended in an error or the inputs cannot be
/// read (the metrics are still written when there are any), 4 usage.
/// </summary>
public static class EvaluateCommand
{
    public const string ReportFile = "evaluation.json";

    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "Folder of models: lab model folders (with model.json) and TorchScript .pt files; truth from DIR/truth.csv (model,backdoored,target,attack_success) or each lab model's model.json." };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"The models' clean training data (as for scan). Default: $AEGIS_DATA, else {ScanCommand.FashionMnist}." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where evaluation.json, evaluation.html and each model's scan (scans/<model>/) go; an evaluation there is resumed. Default: ./aegis-out/evaluate-<dir name>." };
        var parallel = new Option<int>("--parallel") { Description = "Models scanned at a time (default: one per two cores, at least one); each sandbox gets an equal share of the cores.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount / 2) };
        var retryErrors = new Option<bool>("--retry-errors") { Description = "Scan again the models whose earlier verdict in --out is an error (others are kept when made of the same bytes with the same parameters)." };
        var noReport = new Option<bool>("--no-report") { Description = "Skip each model's report.html and pictures." };
        var scan = new ScanOptions();
        var sandbox = new SandboxCommandOptions();

        var command = new Command("evaluate", "Scan every model of a folder with known truth and measure detection as the field does: per track (robust, standard) ROC-AUC, TrojAI cross-entropy, Brier, TPR and false-alarm rate with 95% intervals, AUPR, FPR at 95% TPR, target-class accuracy and seconds per model, also by attack-success bin and trigger family. Exit code: 0 every model scanned, 2 a model ended in an error or the inputs cannot be read, 4 usage error.")
        {
            directory, data, output, parallel, retryErrors, noReport,
        };
        scan.AddTo(command);
        sandbox.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (scan.ReadValid(parse) is not { } parameters || sandbox.ReadValid(parse) is not { } sandboxOptions)
                return ExitCodes.Usage;
            if (parse.GetValue(parallel) is var lanes && lanes < 1)
            {
                Console.Error.WriteLine("error: --parallel needs at least 1.");
                return ExitCodes.Usage;
            }
            var dataDirectory = parse.GetValue(data)?.FullName ?? ScanCommand.DefaultDataDirectory();
            if (dataDirectory is null)
            {
                Console.Error.WriteLine($"error: no training data: pass --data DIR, set $AEGIS_DATA, or install Debian's dataset-fashion-mnist ({ScanCommand.FashionMnist}).");
                return ExitCodes.Usage;
            }
            var folder = parse.GetValue(directory)!;
            if (!folder.Exists)
            {
                Console.Error.WriteLine($"error: {folder.FullName}: no such folder.");
                return ExitCodes.ScanError;
            }
            IReadOnlyList<CatalogEntry> catalog;
            try
            {
                catalog = EvaluationCatalog.Read(folder.FullName);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ScanError;
            }
            if (catalog.Count == 0)
            {
                Console.Error.WriteLine($"error: {folder.FullName} holds no models (lab model folders with model.json, or .pt files).");
                return ExitCodes.ScanError;
            }

            var settings = new EvaluationSettings
            {
                DataDirectory = dataDirectory,
                OutputDirectory = parse.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("aegis-out", $"evaluate-{folder.Name}")),
                Parameters = parameters,
                Sandbox = sandboxOptions,
                Parallel = lanes,
                WriteReports = !parse.GetValue(noReport),
                RetryErrors = parse.GetValue(retryErrors),
            };
            var console = AnsiConsole.Console;
            console.MarkupLineInterpolated($"Evaluating {catalog.Count} models of {folder.FullName} ({catalog.Count(e => e.Truth is null)} without truth), {lanes} at a time, into {settings.OutputDirectory}");
            var started = DateTimeOffset.UtcNow;
            int done = 0;
            var models = await EvaluationRun.RunAsync(catalog, settings, (model, kept) => EvaluationView.Progress(console, model, ++done, catalog.Count, kept), cancellationToken);

            var report = new EvaluationReport
            {
                Tool = VerdictBuilder.ToolName,
                Directory = folder.FullName,
                Data = dataDirectory,
                StartedAt = started,
                CompletedAt = DateTimeOffset.UtcNow,
                Parameters = parameters,
                Models = models,
                Tracks = EvaluationReport.TracksOf(models),
                Errors = models.Count(m => m.Verdict == VerdictKinds.Error),
            };
            AtomicFile.WriteAllBytes(Path.Combine(settings.OutputDirectory, ReportFile), JsonSerializer.SerializeToUtf8Bytes(report, VerdictJson.Options));
            EvaluationPage.Write(report, settings.OutputDirectory);
            EvaluationView.Render(console, report);
            console.MarkupLineInterpolated($"Metrics and every model: {Path.Combine(settings.OutputDirectory, ReportFile)}, {Path.Combine(settings.OutputDirectory, EvaluationPage.FileName)}");
            return report.Errors > 0 ? ExitCodes.ScanError : ExitCodes.Clean;
        });
        return command;
    }
}
