using System.CommandLine;
using Aegis.Cli.Rendering;
using Aegis.Scanner;
using Aegis.Core.Verdicts;

namespace Aegis.Cli.Commands;

/// <summary>`aegis scan MODEL`: the scan of one model (AEGIS or Neural Cleanse), the model run in its sandbox; exit code = verdict.</summary>
public static class ScanCommand
{
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    public static Command Create()
    {
        var model = new Argument<FileSystemInfo>("model") { Description = "TorchScript model (.pt with forward and an exported features method) or a lab model (folder or model.json)." };
        var data = new Option<DirectoryInfo?>("--data") { Description = $"Folder with the model's clean training data: IDX files (MNIST, Fashion-MNIST) or CIFAR-10 binary batches. Default: $AEGIS_DATA, else {FashionMnist}." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where verdict.json, plots and example images go. Default: ./aegis-out/<model name>." };
        var json = new Option<bool>("--json") { Description = "Print the verdict JSON on standard output (progress goes to standard error)." };
        var saveFeatures = new Option<bool>("--save-features") { Description = "Also write each class's feature matrix as .npy under <out>/features (input for `aegis cluster`)." };
        var noReport = new Option<bool>("--no-report") { Description = "Skip the plots and example images." };
        var remote = new Option<string?>("--remote") { Description = "Scan on an Aegis host (aegis serve or the Functions app) at this URL instead of in process: the model is uploaded straight to storage through the host's upload URL, the scan followed, the verdict printed." };
        var key = new Option<string?>("--key") { Description = "API key for --remote (default: $AEGIS_API_KEY)." };
        var dataset = new Option<string?>("--dataset") { Description = "With --remote: the dataset folder name under the host's datasets container (default: the host's)." };
        var trace = new Option<bool>("--trace") { Description = "With --remote: after a backdoored verdict, wait for the host's trace and write <out>/suspects.csv and suspects.json (which training samples carry the trigger; feed them to `aegis lab train --exclude`)." };
        var traceTimeout = new Option<int>("--trace-timeout") { Description = "With --trace: seconds to wait for the suspects after the verdict.", DefaultValueFactory = _ => 1800 };
        var scan = new ScanOptions();
        var sandbox = new SandboxCommandOptions();

        var command = new Command("scan", "Scan a trained image classifier for backdoors: AEGIS on adversarially robust models, Neural Cleanse on standard ones. Exit code: 0 clean, 1 backdoored, 2 scan error, 3 not applicable (no detector applies: --detector aegis on a model that is not robust), 4 usage error.")
        {
            model, data, output, json, saveFeatures, noReport, remote, key, dataset, trace, traceTimeout,
        };
        scan.AddTo(command);
        sandbox.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelPath = parse.GetValue(model)!.FullName;
            if (scan.ReadValid(parse) is not { } parameters || sandbox.ReadValid(parse) is not { } sandboxOptions)
                return ExitCodes.Usage;
            bool asJson = parse.GetValue(json);
            var console = ConsoleFactory.ForResults(asJson);

            if (parse.GetValue(trace) && parse.GetValue(remote) is null)
            {
                Console.Error.WriteLine("error: --trace needs --remote (on this machine, run `aegis trace MODEL --verdict OUT/verdict.json` after the scan).");
                return ExitCodes.Usage;
            }
            if (parse.GetValue(traceTimeout) is < 1 or > 86_400)
            {
                Console.Error.WriteLine("error: --trace-timeout must be 1 to 86400 seconds.");
                return ExitCodes.Usage;
            }
            string outputDirectory = parse.GetValue(output)?.FullName ?? Path.Combine("aegis-out", Path.GetFileNameWithoutExtension(modelPath));

            if (parse.GetValue(remote) is { } remoteUrl)
            {
                if (!Uri.TryCreate(remoteUrl, UriKind.Absolute, out var host) || host.Scheme is not ("http" or "https"))
                {
                    Console.Error.WriteLine($"error: --remote needs an http(s) URL, not '{remoteUrl}'.");
                    return ExitCodes.Usage;
                }
                var apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("AEGIS_API_KEY");
                if (string.IsNullOrEmpty(apiKey))
                {
                    Console.Error.WriteLine("error: --remote needs --key or $AEGIS_API_KEY.");
                    return ExitCodes.Usage;
                }
                var remoteVerdict = await RemoteScanView.RunAsync(console, host, apiKey, modelPath, parse.GetValue(dataset), parameters, cancellationToken);
                VerdictView.Render(console, remoteVerdict, null);
                if (asJson)
                    Console.Out.WriteLine(VerdictJson.Serialize(remoteVerdict));
                // The verdict's exit code stands whatever the trace does: a missing suspects.csv tells the caller the trace did not deliver.
                if (parse.GetValue(trace) && remoteVerdict.Verdict == VerdictKinds.Backdoored && remoteVerdict.ScanId is { } scanId)
                    await RemoteSuspectsView.RunAsync(console, host, apiKey, scanId, outputDirectory, TimeSpan.FromSeconds(parse.GetValue(traceTimeout)), cancellationToken);
                return ExitCodes.For(remoteVerdict);
            }

            var dataDirectory = parse.GetValue(data)?.FullName ?? DefaultDataDirectory();
            if (dataDirectory is null)
            {
                Console.Error.WriteLine($"error: no training data: pass --data DIR (IDX or CIFAR-10 files), set $AEGIS_DATA, or install Debian's dataset-fashion-mnist ({FashionMnist}).");
                return ExitCodes.Usage;
            }
            var request = new LocalScanRequest
            {
                ModelPath = modelPath,
                DataDirectory = dataDirectory,
                OutputDirectory = outputDirectory,
                Parameters = parameters,
                Sandbox = sandboxOptions,
                SaveFeatures = parse.GetValue(saveFeatures),
                WriteReport = !parse.GetValue(noReport),
            };
            var verdict = await ScanProgressView.RunAsync(console, request, cancellationToken);
            VerdictView.Render(console, verdict, request.OutputDirectory);

            if (asJson)
                Console.Out.WriteLine(VerdictJson.Serialize(verdict));
            return ExitCodes.For(verdict);
        });
        return command;
    }

    public static string? DefaultDataDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("AEGIS_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return fromEnvironment;
        return Directory.Exists(FashionMnist) ? FashionMnist : null;
    }
}
