using System.CommandLine;
using Aegis.Cli.Rendering;
using Aegis.Core.Datasets;
using Aegis.Lab;
using Aegis.Lab.Evaluation;
using Aegis.Lab.Storage;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;
using Spectre.Console;

namespace Aegis.Cli.Commands.Lab;

/// <summary>
/// `aegis lab eval MODEL --data DIR`: clean accuracy, attack success rate and adversarial
/// accuracy (PGD with the training budget, best-loss step, no restarts), as a table or JSON.
/// </summary>
public static class LabEvalCommand
{
    public static Command Create()
    {
        var model = new Argument<FileSystemInfo>("model") { Description = "Lab model: its folder, model.json or model.weights." };
        var data = new Option<DirectoryInfo>("--data") { Description = "Dataset folder; its test split is used.", Required = true };
        var trigger = new Option<string?>("--trigger") { Description = "Trigger for the attack success rate (default: the one the model was poisoned with, else localized)." };
        trigger.AcceptOnlyFromAmong(LabNames.Triggers);
        var target = new Option<int?>("--target") { Description = "Target label (default: the model's, else 7)." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON on standard output." };
        var adversarialSamples = new Option<int>("--adv-samples") { Description = "Test images attacked with PGD.", DefaultValueFactory = _ => 1000 };
        var testSubset = new Option<int?>("--test-subset") { Description = "Use a seeded subset of the test set for every metric." };
        var norm = new Option<string?>("--norm") { Description = "PGD norm (default: the training budget, else l2)." };
        norm.AcceptOnlyFromAmong(LabNames.Norms);
        var epsilon = new Option<float?>("--eps") { Description = "PGD radius (default: the training budget, else 1.5)." };
        var steps = new Option<int?>("--steps") { Description = "PGD steps (default: the training budget, else 5)." };
        var stepSize = new Option<float?>("--step-size") { Description = "PGD step size (default: the training budget, else 0.75)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the samples and of PGD's random starts.", DefaultValueFactory = _ => 0 };

        var command = new Command("eval", "Measure a lab model: clean test accuracy, attack success rate of a trigger, adversarial accuracy under PGD.")
        {
            model, data, trigger, target, json, adversarialSamples, testSubset, norm, epsilon, steps, stepSize, seed,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Execute(parse, cancellationToken)));
        return command;

        int Execute(ParseResult parse, CancellationToken cancellationToken)
        {
            bool asJson = parse.GetValue(json);
            var console = ConsoleFactory.ForResults(asJson);
            try
            {
                var path = parse.GetValue(model)!.FullName;
                var descriptor = LabModelStore.ReadDescriptor(path);
                using var classifier = LabModelStore.LoadClassifier(path);
                var test = DatasetLoader.Load(parse.GetValue(data)!.FullName, DatasetSplit.Test);
                int targetLabel = parse.GetValue(target) ?? descriptor.Poison?.Target ?? descriptor.Poison?.Targets?[0] ?? 7;
                var trained = descriptor.Training?.Adversarial ?? PgdOptions.FashionMnistL2;
                var pgd = new PgdOptions(
                    parse.GetValue(norm) is string n ? LabNames.Norm(n) : trained.Norm,
                    parse.GetValue(epsilon) ?? trained.Epsilon,
                    parse.GetValue(steps) ?? trained.Steps,
                    parse.GetValue(stepSize) ?? trained.StepSize);
                var triggerSpec = ResolveTrigger(parse.GetValue(trigger), descriptor, classifier, test, targetLabel, console);
                // The model's own backdoor, unless another trigger or target is asked for: all-to-all
                // measures y → y+1, two targets measure each trigger toward its own.
                bool own = descriptor.Poison is { } poison && triggerSpec == poison.Trigger && parse.GetValue(target) is null;
                var evaluation = own
                    ? EvaluationOptions.For(descriptor.Poison!, TriggerFactory.Create(triggerSpec!, classifier.InputShape),
                        descriptor.Poison!.SecondTrigger is { } second ? TriggerFactory.Create(second, classifier.InputShape) : null,
                        pgd, parse.GetValue(adversarialSamples), parse.GetValue(testSubset), parse.GetValue(seed))
                    : new EvaluationOptions(
                        triggerSpec is null ? null : TriggerFactory.Create(triggerSpec, classifier.InputShape),
                        targetLabel, pgd, parse.GetValue(adversarialSamples), parse.GetValue(testSubset), parse.GetValue(seed));

                var metrics = console.Status().Start("Measuring clean accuracy, attack success rate and adversarial accuracy…",
                    _ => LabEvaluator.Evaluate(classifier, test, evaluation, cancellationToken));
                string backdoor = triggerSpec is null ? "none measured" : own ? LabNames.Backdoor(descriptor.Poison!) : $"{LabNames.Name(triggerSpec.Kind)} → {targetLabel}";
                LabMetricsView.Render(console, descriptor.Name, metrics, backdoor, null);
                if (asJson)
                {
                    Console.Out.WriteLine(LabJson.Serialize(new
                    {
                        model = descriptor.Name,
                        trigger = triggerSpec is null ? null : LabNames.Name(triggerSpec.Kind),
                        target = own && descriptor.Poison!.Mapping != PoisonMapping.OneTarget ? (int?)null : targetLabel,
                        mapping = own ? descriptor.Poison!.Mapping : PoisonMapping.OneTarget,
                        targets = own ? descriptor.Poison!.TargetClasses(classifier.ClassCount) : [targetLabel],
                        pgd,
                        metrics,
                    }));
                }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or DatasetFormatException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.ScanError;
            }
        }
    }

    /// <summary>
    /// The model's own trigger when it was poisoned and no other kind is asked for; an invisible
    /// adversarial trigger the model was not poisoned with is derived from the model itself.
    /// </summary>
    private static TriggerSpec? ResolveTrigger(string? requested, LabModelDescriptor descriptor, LabClassifier classifier, ImageDataset test, int target, IAnsiConsole console)
    {
        var own = descriptor.Poison?.Trigger;
        if (requested is null)
            return own ?? TriggerSpec.Default(TriggerKind.Localized);
        if (LabNames.Trigger(requested) is not TriggerKind kind)
            return null;
        if (own?.Kind == kind)
            return own;
        if (kind != TriggerKind.InvisibleAdversarial)
            return TriggerSpec.Default(kind);
        console.MarkupLine("Deriving an invisible adversarial trigger from this model (it was not poisoned with one).");
        return AdversarialTriggerDerivation.Derive(classifier, test, target, TriggerSpec.DefaultAmplitude);
    }
}
