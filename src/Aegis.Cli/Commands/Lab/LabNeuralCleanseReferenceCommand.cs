using System.CommandLine;
using Aegis.Lab.Storage;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Reporting;
using Aegis.Torch.NeuralCleanse;
using Spectre.Console;

namespace Aegis.Cli.Commands.Lab;

/// <summary>
/// `aegis lab nc-reference MODEL... --data DIR --out FILE`: measures Neural Cleanse's mask size per class
/// on clean reference models (default options, as a scan runs them) and writes the
/// <see cref="NeuralCleanseReference"/> a scan of models trained on the same data compares against.
/// </summary>
public static class LabNeuralCleanseReferenceCommand
{
    public static Command Create()
    {
        var models = new Argument<FileSystemInfo[]>("models") { Description = "Clean reference lab models (folders from `aegis lab train`, run in this process like the lab's training) trained on --data.", Arity = ArgumentArity.OneOrMore };
        var data = new Option<DirectoryInfo>("--data") { Description = "Their training data folder (its test split, if any, checks the reversed triggers).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Reference JSON to write.", Required = true };
        var name = new Option<string?>("--name") { Description = "Reference name (default: the dataset's)." };
        var description = new Option<string?>("--description") { Description = "What the reference models are." };

        var command = new Command("nc-reference", "Measure Neural Cleanse's per-class mask sizes on clean reference models and write the reference a scan compares against.")
        {
            models, data, output, name, description,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Execute(parse, cancellationToken)));
        return command;

        int Execute(ParseResult parse, CancellationToken cancellationToken)
        {
            var console = AnsiConsole.Console;
            try
            {
                var directory = parse.GetValue(data)!.FullName;
                var training = DatasetLoader.Load(directory, DatasetSplit.Train);
                var heldOut = TestSplit(directory);
                var options = new NeuralCleanseParameters();
                var measured = new List<ReferenceModel>();
                foreach (var path in parse.GetValue(models)!.Select(m => m.FullName))
                {
                    using var model = LabModelStore.Load(path);
                    var classes = Enumerable.Range(0, model.ClassCount).ToArray();
                    var triggers = new NeuralCleanseReversal(model).Run(training, heldOut, classes, options, cancellationToken: cancellationToken);
                    // The family records the architecture: the reference pools several, so its class spreads include what an architecture changes.
                    var family = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(LabModelStore.ReadDescriptor(path).Architecture.ToString());
                    measured.Add(new ReferenceModel(model.Name, triggers.Select(t => Math.Round(t.MaskL1, 3)).ToArray(), family));
                    console.MarkupLineInterpolated($"{model.Name}: mask L1 {string.Join(" ", triggers.Select(t => t.MaskL1.ToString("0.0")))}");
                }
                var reference = new NeuralCleanseReference
                {
                    Name = parse.GetValue(name) ?? training.Name,
                    Description = parse.GetValue(description) ?? $"Neural Cleanse mask L1 per class of {measured.Count} clean models trained on {training.Name}, default options.",
                    Classes = training.ClassCount,
                    TrainingFingerprint = NeuralCleanseReference.Fingerprint(training),
                    Models = measured,
                };
                reference.Validate();
                var file = parse.GetValue(output)!.FullName;
                AtomicFile.WriteAllBytes(file, System.Text.Encoding.UTF8.GetBytes(NeuralCleanseReference.Serialize(reference)));
                console.MarkupLineInterpolated($"Reference written to [bold]{file}[/]");
                console.MarkupLineInterpolated($"offsets {string.Join(" ", reference.Offsets().Select(o => o.ToString("+0.00;-0.00")))}");
                console.MarkupLineInterpolated($"class spreads {string.Join(" ", reference.ClassSpreads().Select(o => o.ToString("0.00")))}, pooled spread {reference.Spread():0.000}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or DatasetFormatException or Torch.Models.ModelLoadException or Torch.Models.ModelContractException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.ScanError;
            }
        }
    }

    /// <summary>The test split if the folder has one; otherwise the triggers are checked on unused training images.</summary>
    private static ImageDataset? TestSplit(string directory)
    {
        try
        {
            return DatasetLoader.Load(directory, DatasetSplit.Test);
        }
        catch (DatasetFormatException)
        {
            return null;
        }
    }
}
