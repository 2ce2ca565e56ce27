using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aegis.ModelSafety;
using Spectre.Console;

namespace Aegis.Cli.Commands;

/// <summary>
/// `aegis check MODEL`: the static model check alone (no load, no data), as ModelScan does it.
/// Exit codes follow ModelScan's: 0 no issues, 1 unsafe, 2 the model could not be read, 3 not a
/// model format the check reads, 4 usage error.
/// </summary>
public static class CheckCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Command Create()
    {
        var model = new Argument<FileSystemInfo>("model") { Description = "TorchScript model (.pt) or lab model (folder, model.json or weights)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on standard output." };
        var command = new Command("check",
            "Check a model statically before anything loads it: archive entries and sizes, pickle opcodes and globals, and every operator its TorchScript code calls. " +
            "Exit code (as ModelScan): 0 no issues, 1 unsafe, 2 could not be read, 3 not a TorchScript archive or lab model, 4 usage error.")
        {
            model, json,
        };
        command.SetAction(parse =>
        {
            var report = ModelSafetyCheck.Check(parse.GetValue(model)!.FullName);
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(report, Json));
            else
                Render(report);
            return (int)report.Status;
        });
        return command;
    }

    private static void Render(ModelSafetyReport report)
    {
        string name = Markup.Escape(Path.GetFileName(Path.TrimEndingDirectorySeparator(report.Path)));
        string timing = $"{report.Seconds:F2} s";
        if (report.Status == ModelSafetyStatus.Safe)
        {
            var inventory = report.Inventory;
            string seen = report.Format == ModelSafetyReport.LabFormat
                ? $"lab model, no code; {inventory?.Tensors} tensors"
                : $"{inventory?.Entries} entries, {inventory?.CodeFiles} code files, {inventory?.Operators.Count} operators, {inventory?.PickleGlobals.Count} pickle globals, {inventory?.Tensors} tensors";
            AnsiConsole.MarkupLine($"[green]no issues[/]  {name} ({report.Format}: {Markup.Escape(seen)}; {timing})");
            return;
        }
        string status = report.Status switch
        {
            ModelSafetyStatus.Unsafe => "[red]UNSAFE[/]",
            ModelSafetyStatus.Unreadable => "[yellow]unreadable[/]",
            _ => "[yellow]not a model this check reads[/]",
        };
        AnsiConsole.MarkupLine($"{status}  {name} ({report.Format}; {report.Findings.Count} finding{(report.Findings.Count == 1 ? "" : "s")}; {timing})");
        foreach (var finding in report.Findings)
            AnsiConsole.MarkupLine($"  [bold]{Markup.Escape(finding.Location)}[/]  {Markup.Escape(finding.Message)}");
    }
}
