using System.CommandLine;
using Aegis.Cli.Rendering;
using Aegis.Scanner;
using Aegis.Core.Verdicts;
using Aegis.Lab.Demo;
using Spectre.Console;

namespace Aegis.Cli.Commands;

/// <summary>
/// `aegis demo`: the whole story on one machine. Trains (once; cached) a clean and a backdoored
/// robust model on Fashion-MNIST with the lab, scans both with default settings, and shows what
/// the scanner says next to what the lab knows.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = $"Fashion-MNIST folder (default: $AEGIS_DATA, else {ScanCommand.FashionMnist})." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the two scans' verdicts and plots go.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("aegis-out", "demo")) };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = $"Where the trained demo models are kept (default: {DemoModels.DefaultCacheDirectory})." };
        var command = new Command("demo", "Train (once, cached) a clean and a backdoored robust Fashion-MNIST model with the lab, scan both, and compare the verdicts with the truth.")
        {
            data, output, cache,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dataDirectory = parse.GetValue(data)?.FullName ?? ScanCommand.DefaultDataDirectory();
            if (dataDirectory is null)
            {
                Console.Error.WriteLine($"error: Fashion-MNIST not found: install Debian's dataset-fashion-mnist ({ScanCommand.FashionMnist}) or pass --data DIR.");
                return ExitCodes.Usage;
            }
            return await RunAsync(AnsiConsole.Console, dataDirectory, parse.GetValue(output)!.FullName, parse.GetValue(cache)?.FullName, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string dataDirectory, string outputDirectory, string? cacheDirectory, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[bold]Aegis demo[/]: train two robust models, scan both").LeftJustified());
        console.MarkupLine("Step 1/3 — the lab trains a [green]clean[/] robust CNN and a robust CNN with a [red]4x4 trigger square[/] (bottom-right, target class 7) on Fashion-MNIST. Cached after the first run.");
        var models = await DemoTrainingView.RunAsync(console, dataDirectory, cacheDirectory, cancellationToken);

        var rows = new List<(string Name, DemoModel Model, ScanVerdict Verdict, string Output)>();
        int step = 2;
        foreach (var (name, model) in new[] { ("clean", models.Clean), ("backdoored", models.Backdoored) })
        {
            console.MarkupLine($"Step {step++}/3 — AEGIS scans the [bold]{name}[/] model with default settings.");
            var request = new LocalScanRequest
            {
                ModelPath = model.Path,
                DataDirectory = dataDirectory,
                OutputDirectory = Path.Combine(outputDirectory, model.Descriptor.Name),
            };
            var verdict = await ScanProgressView.RunAsync(console, request, cancellationToken);
            VerdictView.Render(console, verdict, request.OutputDirectory);
            rows.Add((name, model, verdict, request.OutputDirectory));
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Demo result[/]")
            .AddColumn("model").AddColumn("truth").AddColumn("verdict").AddColumn("clean acc")
            .AddColumn("ASR").AddColumn("adv acc").AddColumn("scan");
        bool allRight = true;
        foreach (var (name, model, verdict, _) in rows)
        {
            var metrics = model.Descriptor.Metrics;
            bool backdoored = model.Descriptor.Poison is not null;
            bool right = backdoored
                ? verdict.Verdict == VerdictKinds.Backdoored && verdict.SuspiciousClasses.SequenceEqual(model.Descriptor.Poison!.TargetClasses(model.Descriptor.ClassCount))
                : verdict.Verdict == VerdictKinds.Clean;
            allRight &= right;
            table.AddRow(
                name,
                backdoored ? $"→ {model.Descriptor.Poison!.Target}" : "clean",
                $"[{(right ? "green" : "red")}]{verdict.Verdict}{(verdict.SuspiciousClasses.Count > 0 ? " → " + string.Join(", ", verdict.SuspiciousClasses) : "")}[/]",
                Percent(metrics?.CleanAccuracy),
                Percent(metrics?.AttackSuccessRate),
                Percent(metrics?.AdversarialAccuracy),
                $"{verdict.TimingsSeconds.Total:F0} s");
        }
        console.Write(table);
        console.MarkupLine("[grey]ASR: attack success rate of the 4x4 trigger (for the clean model, the base rate); adv acc: accuracy under L2 PGD within the training budget.[/]");
        int target = models.Backdoored.Descriptor.Poison?.Target ?? 7;
        foreach (var (_, model, _, output) in rows)
            console.MarkupLine($"{Markup.Escape(model.Descriptor.Name)}: {Markup.Escape(Path.Combine(output, LocalScan.VerdictFile))} — look at overview.png and class-{target}/evidence.png");
        console.MarkupLine(allRight
            ? "[green]Both verdicts match the truth.[/]"
            : "[red]A verdict does not match the truth; see the tables above.[/]");
        return allRight ? 0 : 1;
    }

    private static string Percent(double? value) => value is double v ? v.ToString("P1") : "—";
}
