using System.Diagnostics;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Lab.Evaluation;
using Aegis.Lab.Storage;
using Aegis.Lab.Triggers;

namespace Aegis.Lab.Training;

/// <summary>
/// Trains a model end to end: loads the data, builds the trigger (deriving the adversarial one
/// from a model), poisons, trains with checkpoints in <c>OUT/checkpoint</c>, measures the
/// metrics and saves <c>OUT/model.weights</c> + <c>OUT/model.json</c>. Rerunning with the same
/// folder resumes from the last finished epoch.
/// </summary>
public static class LabTrainingJob
{
    public const string CheckpointFolder = "checkpoint";

    public static LabModelDescriptor Run(
        LabTrainingRequest request,
        string outputDirectory,
        IProgress<TrainingProgress>? training = null,
        IProgress<string>? stages = null,
        CancellationToken cancellationToken = default)
    {
        request.Training.Validate();
        stages?.Report($"Loading {request.DataDirectory}");
        var train = DatasetLoader.Load(request.DataDirectory, DatasetSplit.Train);
        var test = DatasetLoader.Load(request.DataDirectory, DatasetSplit.Test);
        var shape = new ImageShape(train.Channels, train.Height, train.Width);

        var poison = request.Poison;
        if (poison is { Trigger.Kind: TriggerKind.InvisibleAdversarial, Trigger.Pattern: null })
        {
            if (poison.Target is not int)
                throw new ArgumentException("The invisible adversarial trigger is derived toward one target; it cannot poison an all-to-all or two-target backdoor.");
            stages?.Report("Deriving the invisible adversarial trigger");
            poison = poison with { Trigger = DeriveTrigger(request, poison, train, outputDirectory, cancellationToken) };
        }
        var trigger = poison is null ? null : TriggerFactory.Create(poison.Trigger, shape);
        var secondTrigger = poison?.SecondTrigger is { } secondSpec ? TriggerFactory.Create(secondSpec, shape) : null;
        if (poison is not null && trigger is not null)
            poison = poison with { Trigger = trigger.Spec, SecondTrigger = secondTrigger?.Spec };

        var stopwatch = Stopwatch.StartNew();
        using var built = LabTrainingSet.Build(train, request.Training.TrainSubset, request.Training.Seed, poison, trigger, secondTrigger, request.ExcludedRows);
        int[]? poisonedRows = null;
        using var exported = request.ExportDirectory is null ? null : built.ShuffledOnGrid(request.Training.Seed, out poisonedRows);
        var data = exported ?? built;
        if (request.ExportDirectory is { } exportDirectory)
        {
            stages?.Report($"Writing the training set to {exportDirectory}");
            LabDataExport.Write(exportDirectory, data, request.DataDirectory);
        }
        stages?.Report($"Training {request.Training.Architecture} on {data.CleanCount} clean + {data.PoisonedCount} poisoned images");
        using var network = RobustTrainer.Train(data, request.Training, Path.Combine(outputDirectory, CheckpointFolder), training, cancellationToken);
        double seconds = stopwatch.Elapsed.TotalSeconds;

        stages?.Report("Measuring clean accuracy, attack success rate and adversarial accuracy");
        using var classifier = new LabClassifier(request.Name, network, shape, train.ClassCount);
        var evaluation = poison is not null && trigger is not null
            ? EvaluationOptions.For(poison, trigger, secondTrigger, request.Training.Adversarial, request.AdversarialSamples, request.TestSubset, request.Training.Seed)
            : new EvaluationOptions(request.EvaluationTrigger is { } spec ? TriggerFactory.Create(spec, shape) : null, 7,
                request.Training.Adversarial, request.AdversarialSamples, request.TestSubset, request.Training.Seed);
        var metrics = LabEvaluator.Evaluate(classifier, test, evaluation, cancellationToken);

        var descriptor = new LabModelDescriptor
        {
            Name = request.Name,
            Architecture = request.Training.Architecture,
            InputShape = new InputShapeDescriptor(shape.Channels, shape.Height, shape.Width),
            ClassCount = train.ClassCount,
            Weights = LabModelStore.WeightsFileName,
            Mean = data.Mean,
            Std = data.Std,
            Dataset = train.Name.Split('/')[0],
            Training = request.Training,
            Poison = poison,
            TrainingImages = data.Count,
            PoisonedImages = data.PoisonedCount,
            PoisonedRows = poisonedRows,
            ExportedData = request.ExportDirectory is null ? null : Path.GetFullPath(request.ExportDirectory),
            ExcludedRows = request.ExcludedRows?.Count,
            Metrics = metrics,
            TrainingSeconds = seconds,
        };
        LabModelStore.Save(network, descriptor, outputDirectory);
        return descriptor;
    }

    private static TriggerSpec DeriveTrigger(
        LabTrainingRequest request, PoisonOptions poison, ImageDataset train, string outputDirectory, CancellationToken cancellationToken)
    {
        if (request.TriggerSourceModel is { } path)
        {
            using var source = LabModelStore.Load(path);
            return AdversarialTriggerDerivation.Derive(source, train, poison.Target!.Value, poison.Trigger.Amplitude, seed: poison.Trigger.Seed, cancellationToken: cancellationToken);
        }
        var quick = request.Training with
        {
            Adversarial = null,
            Epochs = 1,
            Optimizer = OptimizerKind.Adam,
            Schedule = ScheduleKind.OneCycle,
            LearningRate = 0.002f,
            WeightDecay = 0,
        };
        using var clean = LabTrainingSet.Build(train, quick.TrainSubset, quick.Seed, null, null);
        using var network = RobustTrainer.Train(clean, quick, Path.Combine(outputDirectory, "trigger-source-checkpoint"), null, cancellationToken);
        using var classifier = new LabClassifier("trigger-source", network, clean.Shape, clean.ClassCount);
        return AdversarialTriggerDerivation.Derive(classifier, train, poison.Target!.Value, poison.Trigger.Amplitude, seed: poison.Trigger.Seed, cancellationToken: cancellationToken);
    }
}
