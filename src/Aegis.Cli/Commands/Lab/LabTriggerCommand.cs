using System.CommandLine;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Lab.Storage;
using Aegis.Lab.Triggers;
using Spectre.Console;
using static TorchSharp.torch;

namespace Aegis.Cli.Commands.Lab;

/// <summary>`aegis lab trigger --kind K --data DIR --out DIR`: PNGs of clean vs triggered images, so a person can see each trigger.</summary>
public static class LabTriggerCommand
{
    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "Trigger to show.", Required = true };
        kind.AcceptOnlyFromAmong(LabNames.Triggers[1..]);
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder; test images are used.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the PNGs.", Required = true };
        var count = new Option<int>("--count") { Description = "How many images.", DefaultValueFactory = _ => 8 };
        var size = new Option<int?>("--size") { Description = "Square side in pixels (visible triggers)." };
        var amplitude = new Option<float?>("--amplitude") { Description = "Largest per-pixel change (invisible triggers); the blend ratio (blended)." };
        var model = new Option<FileSystemInfo?>("--model") { Description = "Lab model: uses the trigger it was poisoned with if of this kind; the invisible adversarial trigger is otherwise derived from it (required for that kind)." };
        var target = new Option<int>("--target") { Description = "Target label (adversarial trigger derivation; images of this label are skipped).", DefaultValueFactory = _ => 7 };
        var seed = new Option<int>("--seed") { Description = "Seed of the image sample and the static pattern.", DefaultValueFactory = _ => 0 };

        var command = new Command("trigger", "Write PNGs of clean | triggered | amplified difference for test images, one per image.")
        {
            kind, data, output, count, size, amplitude, model, target, seed,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Execute(parse, cancellationToken)));
        return command;

        int Execute(ParseResult parse, CancellationToken cancellationToken)
        {
            var console = AnsiConsole.Console;
            try
            {
                var triggerKind = LabNames.Trigger(parse.GetValue(kind)!)!.Value;
                var test = DatasetLoader.Load(parse.GetValue(data)!.FullName, DatasetSplit.Test);
                var shape = new ImageShape(test.Channels, test.Height, test.Width);
                int targetLabel = parse.GetValue(target);
                var spec = TriggerSpec.Default(triggerKind) with { Seed = parse.GetValue(seed) };
                if (parse.GetValue(amplitude) is float a)
                    spec = spec with { Amplitude = a };
                if (parse.GetValue(size) is int s)
                    spec = spec with { Size = s };
                if (parse.GetValue(model)?.FullName is string modelPath)
                    spec = FromModel(modelPath, spec, test, targetLabel, cancellationToken);
                else if (triggerKind == TriggerKind.InvisibleAdversarial)
                    throw new ArgumentException("The invisible adversarial trigger is derived from a model: pass --model PATH.");
                var trigger = TriggerFactory.Create(spec, shape);

                var indices = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] != targetLabel).ToArray();
                new Random(parse.GetValue(seed)).Shuffle(indices);
                indices = indices[..Math.Min(parse.GetValue(count), indices.Length)];
                var outputDirectory = parse.GetValue(output)!.FullName;
                Directory.CreateDirectory(outputDirectory);
                string name = LabNames.Name(triggerKind);
                float differenceScale = triggerKind is TriggerKind.Localized or TriggerKind.Distributed or TriggerKind.Checkerboard ? 1f : 1f / spec.Amplitude;
                foreach (var (index, n) in indices.Select((index, n) => (index, n)))
                {
                    var clean = test.GetImages([index]);
                    using var images = tensor(clean).reshape(1, shape.Channels, shape.Height, shape.Width);
                    using var triggered = trigger.Apply(images);
                    var file = Path.Combine(outputDirectory, $"{n:D2}-{name}-label{test.Labels[index]}.png");
                    TriggerPreviewPng.Write(file, clean, triggered.flatten().data<float>().ToArray(), shape.Channels, shape.Height, shape.Width, differenceScale);
                }
                console.MarkupLineInterpolated($"Wrote {indices.Length} PNGs (clean | triggered | difference x{differenceScale:0.#}) to [bold]{outputDirectory}[/]");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or DatasetFormatException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.ScanError;
            }
        }
    }

    private static TriggerSpec FromModel(string modelPath, TriggerSpec spec, ImageDataset test, int target, CancellationToken cancellationToken)
    {
        var descriptor = LabModelStore.ReadDescriptor(modelPath);
        if (descriptor.Poison?.Trigger is { } own && own.Kind == spec.Kind)
            return own;
        if (spec.Kind != TriggerKind.InvisibleAdversarial)
            return spec;
        using var classifier = LabModelStore.Load(modelPath);
        return AdversarialTriggerDerivation.Derive(classifier, test, target, spec.Amplitude, seed: spec.Seed, cancellationToken: cancellationToken);
    }
}
