using System.CommandLine;
using System.Text;
using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Core.Evaluation;
using Aegis.Core.Verdicts;
using Aegis.Reporting;
using Spectre.Console;

namespace Aegis.Cli.Commands.Lab;

/// <summary>
/// `aegis lab calibrate EVALUATION.json... --out DIR`: fits each detector's <see cref="ScoreCalibration"/>
/// (Platt scaling of the model score) on the models of `aegis evaluate` runs over the calibration set, and
/// writes one JSON per detector to ship in Aegis.Core/Detection/ScoreCalibrations.
/// </summary>
public static class LabCalibrateCommand
{
    public static Command Create()
    {
        var evaluations = new Argument<FileInfo[]>("evaluations") { Description = "evaluation.json files of `aegis evaluate` over calibration models (never the evaluation set).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the calibrations (aegis.json, neural-cleanse.json).", Required = true };
        var name = new Option<string>("--name") { Description = "Name prefix of the calibrations.", DefaultValueFactory = _ => "lab" };

        var command = new Command("calibrate", "Fit the probability of each detector's model score (Platt scaling) on evaluated calibration models and write the calibrations a scan ships with.")
        {
            evaluations, output, name,
        };
        command.SetAction((parse, _) => Task.FromResult(Execute(parse)));
        return command;

        int Execute(ParseResult parse)
        {
            var console = AnsiConsole.Console;
            var models = new List<EvaluatedModel>();
            foreach (var file in parse.GetValue(evaluations)!)
            {
                try
                {
                    var report = JsonSerializer.Deserialize<CalibrationInput>(File.ReadAllBytes(file.FullName), VerdictJson.Options)
                        ?? throw new InvalidDataException($"{file.FullName}: empty.");
                    models.AddRange(report.Models);
                }
                catch (Exception e) when (e is JsonException or IOException or InvalidDataException)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {file.FullName}: {e.Message}");
                    return ExitCodes.ScanError;
                }
            }
            var duplicates = models.GroupBy(m => m.Model).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
            if (duplicates.Length > 0)
            {
                console.MarkupLineInterpolated($"[red]error:[/] models listed twice: {string.Join(", ", duplicates)}.");
                return ExitCodes.ScanError;
            }
            int written = 0;
            foreach (var detector in new[] { Detectors.Aegis, Detectors.NeuralCleanse })
            {
                var used = models.Where(m => m.Detector == detector && m.Score is double s && double.IsFinite(s) && m.Backdoored is not null).OrderBy(m => m.Model, StringComparer.Ordinal).ToArray();
                int clean = used.Count(m => m.Backdoored == false), backdoored = used.Length - clean;
                if (clean == 0 || backdoored == 0)
                {
                    console.MarkupLineInterpolated($"{detector}: {clean} clean and {backdoored} backdoored models scored; both are needed, nothing written.");
                    continue;
                }
                var (slope, intercept) = PlattScaling.Fit(used.Select(m => new ScoredTruth(m.Score!.Value, m.Backdoored!.Value)).ToArray());
                string track = detector == Detectors.Aegis ? Tracks.Robust : Tracks.Standard;
                var calibration = new ScoreCalibration
                {
                    Name = $"{parse.GetValue(name)}-{track}",
                    Detector = detector,
                    Description = $"Platt scaling of the {detector} model score on {clean} clean and {backdoored} backdoored {track} lab models of the calibration set (tools/evaluation-set/recipes.csv), scanned with default options by aegis evaluate; fitted by aegis lab calibrate.",
                    Slope = Math.Round(slope, 4),
                    Intercept = Math.Round(intercept, 4),
                    CleanModels = clean,
                    BackdooredModels = backdoored,
                    Models = used.Select(m => m.Model).ToArray(),
                };
                calibration.Validate();
                string path = Path.Combine(parse.GetValue(output)!.FullName, $"{detector}.json");
                AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(ScoreCalibration.Serialize(calibration) + "\n"));
                console.MarkupLineInterpolated($"{detector}: slope {calibration.Slope}, intercept {calibration.Intercept} on {clean} clean + {backdoored} backdoored models; at the line (score 0) p = {calibration.Probability(0):0.000} → {path}");
                written++;
            }
            return written > 0 ? 0 : ExitCodes.ScanError;
        }
    }

    /// <summary>The part of evaluation.json a calibration needs.</summary>
    private sealed record CalibrationInput(IReadOnlyList<EvaluatedModel> Models);
}
