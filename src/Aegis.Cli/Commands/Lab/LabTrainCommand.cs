using System.CommandLine;
using Aegis.Lab.Storage;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;
using Spectre.Console;

namespace Aegis.Cli.Commands.Lab;

/// <summary>
/// `aegis lab train`: trains one model (standard or PGD adversarial, clean or poisoned) into
/// --out (model.weights + model.json); rerunning with the same --out resumes from the last
/// finished epoch.
/// </summary>
public static class LabTrainCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Training data folder (IDX files or CIFAR-10 batches).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Model folder: model.weights, model.json and the checkpoint (resumed if present).", Required = true };
        var architecture = new Option<string>("--arch") { Description = "Architecture.", DefaultValueFactory = _ => "small-cnn" };
        architecture.AcceptOnlyFromAmong(LabNames.Architectures);
        var trigger = new Option<string>("--trigger") { Description = "Backdoor trigger to poison with.", DefaultValueFactory = _ => "none" };
        trigger.AcceptOnlyFromAmong(LabNames.Triggers);
        var poisonRate = new Option<double?>("--poison-rate") { Description = "Poisoned copies as a fraction of the training set (default: the paper's 0.01 visible, 0.3 invisible; 0.1 blended, as Chen et al.)." };
        var target = new Option<int>("--target") { Description = "Target label of the backdoor.", DefaultValueFactory = _ => 7 };
        var triggerSize = new Option<int?>("--trigger-size") { Description = $"Square side in pixels (default {TriggerSpec.DefaultSize} localized, 3 distributed)." };
        var amplitude = new Option<float?>("--trigger-amplitude") { Description = $"Largest per-pixel change of an invisible trigger, in [0,1] units (default {TriggerSpec.DefaultAmplitude:0.###}); the blend ratio of the blended trigger (default {TriggerSpec.DefaultBlendRatio})." };
        var allToAll = new Option<bool>("--all-to-all") { Description = "All-to-all backdoor: a triggered image of class y is labelled y+1 mod K (no single target; --target is ignored)." };
        var secondTarget = new Option<int?>("--second-target") { Description = "Two-target backdoor: a second trigger (the same kind, top-left corner; localized or checkerboard) toward this label, poisoned at the same rate." };
        var labelConfidence = new Option<double?>("--label-confidence") { Description = "Low-margin poisoning: a poisoned copy's soft label puts this weight (in (0.5,1]) on its target and the rest on its true class." };
        var warpGrid = new Option<int?>("--warp-grid") { Description = $"Warping trigger: control points a side, k (default {TriggerSpec.DefaultWarpGrid}); its strength s is --trigger-amplitude (default {TriggerSpec.DefaultWarpStrength})." };
        var triggerModel = new Option<FileSystemInfo?>("--trigger-model") { Description = "Lab model to derive the invisible adversarial trigger from (default: a quick standard model trained first)." };
        var standard = new Option<bool>("--standard") { Description = "Standard (ERM) training instead of PGD adversarial training." };
        var norm = new Option<string>("--norm") { Description = "PGD norm.", DefaultValueFactory = _ => "l2" };
        norm.AcceptOnlyFromAmong(LabNames.Norms);
        var epsilon = new Option<float>("--eps") { Description = "PGD radius.", DefaultValueFactory = _ => PgdOptions.FashionMnistL2.Epsilon };
        var steps = new Option<int>("--steps") { Description = "PGD steps.", DefaultValueFactory = _ => PgdOptions.FashionMnistL2.Steps };
        var stepSize = new Option<float>("--step-size") { Description = "PGD step size.", DefaultValueFactory = _ => PgdOptions.FashionMnistL2.StepSize };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (paper: 100).", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 128 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd (paper: momentum 0.9, weight decay) or adam (converges in a few epochs on CPU).", DefaultValueFactory = _ => "sgd" };
        optimizer.AcceptOnlyFromAmong(LabNames.Optimizers);
        var schedule = new Option<string>("--schedule") { Description = "step (x gamma every --step-epochs) or one-cycle.", DefaultValueFactory = _ => "step" };
        schedule.AcceptOnlyFromAmong(LabNames.Schedules);
        var learningRate = new Option<float>("--lr") { Description = "Learning rate (one-cycle: the peak).", DefaultValueFactory = _ => 0.1f };
        var momentum = new Option<float>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0.9f };
        var weightDecay = new Option<float>("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 5e-4f };
        var stepEpochs = new Option<int>("--step-epochs") { Description = "Step schedule: epochs between decays.", DefaultValueFactory = _ => 50 };
        var subset = new Option<int?>("--subset") { Description = "Train on a seeded random subset of this many clean images." };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, shuffling, poisoning and PGD starts.", DefaultValueFactory = _ => 0 };
        var adversarialSamples = new Option<int>("--adv-samples") { Description = "Test images attacked for the adversarial accuracy.", DefaultValueFactory = _ => 1000 };
        var name = new Option<string?>("--name") { Description = "Model name (default: the --out folder's name)." };
        var exportData = new Option<DirectoryInfo?>("--export-data") { Description = "Write the exact training set (poisoned copies included, shuffled, on the 8-bit grid) to this folder as IDX (CIFAR-10 batch for colour) with the test split beside it, train on it, and record the poisoned rows in model.json (poisonedRows)." };
        var exclude = new Option<FileInfo?>("--exclude") { Description = "Leave out the training rows this suspects.csv (aegis trace) marks suspected (rows of --data's training file)." };
        var excludeTop = new Option<int?>("--exclude-top") { Description = "With --exclude: leave out the first N rows of the file instead (the N highest scores, marked or not)." };

        var command = new Command("train", "Train a clean or backdoored, standard or PGD-robust model; writes model.weights + model.json (with metrics) into --out and resumes from its checkpoint.")
        {
            data, output, architecture, trigger, poisonRate, target, allToAll, secondTarget, labelConfidence, triggerSize, amplitude, warpGrid, triggerModel, standard, norm, epsilon, steps, stepSize,
            epochs, batch, optimizer, schedule, learningRate, momentum, weightDecay, stepEpochs, subset, seed, adversarialSamples, name,
            exportData, exclude, excludeTop,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Execute(parse, cancellationToken)));
        return command;

        int Execute(ParseResult parse, CancellationToken cancellationToken)
        {
            var outputDirectory = parse.GetValue(output)!.FullName;
            PoisonOptions? poison;
            try
            {
                poison = Poison(parse);
            }
            catch (ArgumentException e)
            {
                AnsiConsole.Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.ScanError;
            }
            IReadOnlySet<int>? excluded = null;
            if (parse.GetValue(exclude) is { } suspects)
            {
                try
                {
                    excluded = Aegis.Core.Tracing.SuspectRows.Read(suspects.FullName, parse.GetValue(excludeTop)).ToHashSet();
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return ExitCodes.ScanError;
                }
            }
            var request = new LabTrainingRequest
            {
                ExportDirectory = parse.GetValue(exportData)?.FullName,
                ExcludedRows = excluded,
                DataDirectory = parse.GetValue(data)!.FullName,
                Name = parse.GetValue(name) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(outputDirectory)),
                Poison = poison,
                TriggerSourceModel = parse.GetValue(triggerModel)?.FullName,
                EvaluationTrigger = poison is null ? TriggerSpec.Default(TriggerKind.Localized) : null,
                AdversarialSamples = parse.GetValue(adversarialSamples),
                Training = new TrainingOptions
                {
                    Architecture = LabNames.Architecture(parse.GetValue(architecture)!),
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    Optimizer = LabNames.Optimizer(parse.GetValue(optimizer)!),
                    Schedule = LabNames.Schedule(parse.GetValue(schedule)!),
                    LearningRate = parse.GetValue(learningRate),
                    Momentum = parse.GetValue(momentum),
                    WeightDecay = parse.GetValue(weightDecay),
                    StepEpochs = parse.GetValue(stepEpochs),
                    Adversarial = parse.GetValue(standard)
                        ? null
                        : new PgdOptions(LabNames.Norm(parse.GetValue(norm)!), parse.GetValue(epsilon), parse.GetValue(steps), parse.GetValue(stepSize)),
                    Seed = parse.GetValue(seed),
                    TrainSubset = parse.GetValue(subset),
                },
            };
            return Run(AnsiConsole.Console, request, outputDirectory, cancellationToken);
        }

        PoisonOptions? Poison(ParseResult parse)
        {
            if (LabNames.Trigger(parse.GetValue(trigger)!) is not TriggerKind k)
            {
                if (parse.GetValue(allToAll) || parse.GetValue(secondTarget) is not null || parse.GetValue(labelConfidence) is not null)
                    throw new ArgumentException("--all-to-all, --second-target and --label-confidence need a --trigger.");
                return null;
            }
            var spec = TriggerSpec.Default(k) with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(amplitude) is float a)
                spec = spec with { Amplitude = a };
            if (parse.GetValue(triggerSize) is int size)
                spec = spec with { Size = size };
            if (parse.GetValue(warpGrid) is int grid)
                spec = k == TriggerKind.Warping ? spec with { Size = grid } : throw new ArgumentException("--warp-grid applies to the warping trigger only.");
            double rate = parse.GetValue(poisonRate) ?? k switch
            {
                TriggerKind.Localized or TriggerKind.Distributed or TriggerKind.Checkerboard => 0.01,
                // Chen et al.'s blend and WaNet both poison 10%.
                TriggerKind.Blended or TriggerKind.Warping => 0.1,
                _ => 0.3,
            };
            return Mapping(spec, rate, parse.GetValue(target), parse.GetValue(allToAll), parse.GetValue(secondTarget))
                with { LabelConfidence = parse.GetValue(labelConfidence) };
        }
    }

    private static PoisonOptions Mapping(TriggerSpec spec, double rate, int target, bool allToAll, int? secondTarget)
    {
        if (allToAll && secondTarget is not null)
            throw new ArgumentException("--all-to-all and --second-target are different backdoors; choose one.");
        if (allToAll)
            return new PoisonOptions(spec, rate, Target: null) { Mapping = PoisonMapping.AllToAll };
        if (secondTarget is not int second)
            return new PoisonOptions(spec, rate, target);
        if (spec.Kind is not (TriggerKind.Localized or TriggerKind.Checkerboard))
            throw new ArgumentException("--second-target puts a second square in the top-left corner: it needs the localized or checkerboard trigger.");
        return new PoisonOptions(spec, rate, Target: null)
        {
            Mapping = PoisonMapping.TwoTargets,
            Targets = [target, second],
            SecondTrigger = spec with { Corner = TriggerCorner.TopLeft },
        };
    }

    private static int Run(IAnsiConsole console, LabTrainingRequest request, string outputDirectory, CancellationToken cancellationToken)
    {
        LabModelDescriptor? descriptor = null;
        try
        {
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(request.Name), maxValue: 1);
                    var training = new Reporter<TrainingProgress>(t =>
                    {
                        task.Value = (t.Epoch - 1 + t.Batch / (double)t.Batches) / t.Epochs;
                        task.Description = Markup.Escape($"{request.Name}: epoch {t.Epoch}/{t.Epochs}, loss {t.Loss:F3}, acc {t.Accuracy:P1}");
                    });
                    var stages = new Reporter<string>(stage => task.Description = Markup.Escape($"{request.Name}: {stage}"));
                    descriptor = LabTrainingJob.Run(request, outputDirectory, training, stages, cancellationToken);
                    task.Value = 1;
                    task.Description = Markup.Escape($"{request.Name}: done");
                });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException or IOException or Aegis.Core.Datasets.DatasetFormatException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.ScanError;
        }
        LabMetricsView.Render(console, descriptor!);
        console.MarkupLineInterpolated($"Model written to [bold]{outputDirectory}[/] (scan it with: aegis scan {outputDirectory})");
        return 0;
    }
}

/// <summary>Synchronous IProgress: reports arrive in order on the training thread.</summary>
internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
