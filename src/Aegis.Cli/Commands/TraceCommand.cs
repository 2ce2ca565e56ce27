using System.CommandLine;
using System.Text.Json;
using Aegis.Cli.Rendering;
using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;
using Aegis.Scanner;
using Aegis.Scanner.Tracing;

namespace Aegis.Cli.Commands;

/// <summary>
/// `aegis trace MODEL --data DIR`: after a backdoored verdict (given with --verdict, or scanned first),
/// which training samples of the flagged classes carry the trigger: OUT/suspects.csv, suspects.json and
/// suspects.html. Exit 0 when the trace ran (a clean verdict gives an empty list), 2 on bad input or a
/// failed scan, 4 on usage errors.
/// </summary>
public static class TraceCommand
{
    public static Command Create()
    {
        var model = new Argument<FileSystemInfo>("model") { Description = "The model the verdict is for (TorchScript .pt or a lab model folder)." };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"The model's training data (IDX or CIFAR-10 files), the rows the suspects' indices count. Default: $AEGIS_DATA, else {ScanCommand.FashionMnist}." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where suspects.csv, suspects.json and suspects.html go. Default: the --verdict file's folder, else ./aegis-out/<model name> (the scan's folder)." };
        var verdictFile = new Option<FileInfo?>("--verdict") { Description = "The verdict.json of a scan of this model (its model.sha256 must match). Without it the model is scanned first into --out." };
        var samples = new Option<DirectoryInfo?>("--samples") { Description = "Trace a folder of new samples instead of --data's training rows: PNG files of the model's input size in subfolders named by label (7/x.png); indices are 'label/file'." };
        var stamped = new Option<int>("--stamped") { Description = "Images of other classes stamped with the trigger, for the features' evidence.", DefaultValueFactory = _ => 500 };
        var scan = new ScanOptions();
        var sandbox = new SandboxCommandOptions();
        var command = new Command("trace", "Which training samples carry a backdoored model's trigger: scores every sample labelled with a flagged class (suspects.csv, highest first). Exit code: 0 traced (a clean verdict: nothing to trace), 2 bad input or scan error, 4 usage error.")
        {
            model, data, output, verdictFile, samples, stamped,
        };
        scan.AddTo(command);
        sandbox.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            string modelPath = parse.GetValue(model)!.FullName;
            if (scan.ReadValid(parse) is not { } parameters || sandbox.ReadValid(parse) is not { } sandboxOptions)
                return ExitCodes.Usage;
            if (parse.GetValue(stamped) is < 1 or > 10_000)
            {
                Console.Error.WriteLine("error: --stamped must be in 1..10000.");
                return ExitCodes.Usage;
            }
            var dataDirectory = parse.GetValue(data)?.FullName ?? ScanCommand.DefaultDataDirectory();
            if (dataDirectory is null)
            {
                Console.Error.WriteLine($"error: no training data: pass --data DIR (IDX or CIFAR-10 files), set $AEGIS_DATA, or install Debian's dataset-fashion-mnist ({ScanCommand.FashionMnist}).");
                return ExitCodes.Usage;
            }
            var given = parse.GetValue(verdictFile);
            string outputDirectory = parse.GetValue(output)?.FullName
                ?? (given is not null ? given.DirectoryName! : Path.GetFullPath(Path.Combine("aegis-out", Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(modelPath)))));
            var console = ConsoleFactory.ForResults(false);

            ScanVerdict verdict;
            string? verdictFolder;
            if (given is not null)
            {
                if (ReadVerdict(given.FullName) is not { } read)
                    return ExitCodes.ScanError;
                verdict = read;
                verdictFolder = given.DirectoryName;
            }
            else
            {
                var request = new LocalScanRequest { ModelPath = modelPath, DataDirectory = dataDirectory, OutputDirectory = outputDirectory, Parameters = parameters, Sandbox = sandboxOptions };
                verdict = await ScanProgressView.RunAsync(console, request, cancellationToken);
                VerdictView.Render(console, verdict, outputDirectory);
                verdictFolder = outputDirectory;
                if (verdict.Verdict is not (VerdictKinds.Backdoored or VerdictKinds.Clean))
                {
                    Console.Error.WriteLine($"error: the scan ended '{verdict.Verdict}': there is nothing to trace.");
                    return ExitCodes.ScanError;
                }
            }

            string? converted = null;
            try
            {
                var trace = new SampleTraceRequest
                {
                    Verdict = verdict,
                    DataDirectory = dataDirectory,
                    DataSource = dataDirectory,
                    Parameters = parameters,
                    StampedImages = parse.GetValue(stamped),
                };
                if (parse.GetValue(samples) is { } sampleFolder)
                {
                    converted = Path.Combine(Path.GetTempPath(), "aegis-samples", Guid.NewGuid().ToString("N"));
                    var converter = SampleFolder.Convert(sampleFolder.FullName, InputShapeOf(verdict), verdict.Model?.Classes ?? 10, converted, dataDirectory);
                    trace = trace with { DataDirectory = converted, DataSource = sampleFolder.FullName, SampleName = row => converter.Names[row] };
                }
                var traceRequest = new LocalTraceRequest { ModelPath = modelPath, Trace = trace, OutputDirectory = outputDirectory, Sandbox = sandboxOptions };
                var report = await LocalTrace.RunAsync(traceRequest, message => Console.Error.WriteLine(message), cancellationToken);
                // The scan report beside the verdict links to the suspects when both are in one folder.
                if (verdictFolder is not null && Path.GetFullPath(verdictFolder) == Path.GetFullPath(outputDirectory) && File.Exists(Path.Combine(outputDirectory, ReportPage.FileName)))
                    ReportPage.Write(verdict, outputDirectory);
                Render(report, outputDirectory);
                return ExitCodes.Clean;
            }
            catch (ScanFailureException e)
            {
                Console.Error.WriteLine($"error ({e.Code}): {e.Message}");
                return ExitCodes.ScanError;
            }
            finally
            {
                if (converted is not null && Directory.Exists(converted))
                    Directory.Delete(converted, recursive: true);
            }
        });
        return command;
    }

    private static ScanVerdict? ReadVerdict(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new FileNotFoundException($"{path}: verdict file not found.");
            if (info.Length > 64L << 20)
                throw new InvalidDataException($"{path}: larger than 64 MB, not a verdict.");
            return VerdictJson.Deserialize(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {path} is not a readable verdict: {e.Message}");
            return null;
        }
    }

    private static ImageShape InputShapeOf(ScanVerdict verdict)
    {
        var parts = verdict.Model?.InputShape?.Split('x');
        if (parts is { Length: 3 } && parts.All(p => int.TryParse(p, out int v) && v is > 0 and <= 4096))
            return new ImageShape(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        throw new ScanFailureException(ErrorCodes.InvalidParameters, "The verdict names no input shape (model.inputShape): the samples cannot be checked against it.");
    }

    private static void Render(TraceReport report, string outputDirectory)
    {
        if (report.Message is { } message)
            Console.Out.WriteLine(message);
        foreach (var c in report.Classes)
            Console.Out.WriteLine($"Class {c.Label} ({c.Trigger}): {c.Samples} samples traced; covering the trigger changes the model's decision on {c.DecisionsChanged}; the trigger sends {c.StampedFlip:P0} of stamped images of other classes to it.");
        foreach (var s in report.Suspects.Take(10))
            Console.Out.WriteLine($"  {s.Index,-12} class {s.Label}  score {s.Score:F3}");
        Console.Out.WriteLine($"Suspects written to {Path.Combine(outputDirectory, SuspectsFiles.CsvFile)} (and suspects.json, suspects.html).");
    }
}
