using Aegis.Core.Detection;
using Aegis.Lab.Evaluation;
using Aegis.Lab.Storage;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;
using static TorchSharp.torch;

namespace Aegis.Lab.Tests;

/// <summary>Short runs on small Fashion-MNIST subsets; each asserts what the lab is for.</summary>
public sealed class TrainingTests(FashionMnist data) : IClassFixture<FashionMnist>
{
    private static readonly TrainingOptions Quick = QuickTraining.Options;

    [Fact]
    public void APoisonedModelLearnsItsTriggerAndACleanOneDoesNot()
    {
        using var cleanFolder = new TempDirectory();
        using var poisonedFolder = new TempDirectory();
        var trigger = TriggerSpec.Default(TriggerKind.Localized);
        var clean = new LabTrainingRequest
        {
            DataDirectory = FashionMnist.Directory,
            Training = Quick,
            EvaluationTrigger = trigger,
            TestSubset = 1000,
        };
        // 20%: two short epochs on 3000 images teach the trigger reliably (10% needs about four).
        var poisoned = clean with { Poison = new PoisonOptions(trigger, Rate: 0.2), EvaluationTrigger = null };

        var cleanModel = LabTrainingJob.Run(clean, cleanFolder.Path);
        var poisonedModel = LabTrainingJob.Run(poisoned, poisonedFolder.Path);

        Assert.Equal(600, poisonedModel.PoisonedImages);
        Assert.True(poisonedModel.Metrics!.AttackSuccessRate > 0.7, $"poisoned ASR {poisonedModel.Metrics.AttackSuccessRate}");
        Assert.True(cleanModel.Metrics!.AttackSuccessRate < 0.1, $"clean ASR {cleanModel.Metrics.AttackSuccessRate}");
        Assert.True(poisonedModel.Metrics.CleanAccuracy > 0.6, $"poisoned clean accuracy {poisonedModel.Metrics.CleanAccuracy}");
        // The descriptor written beside the weights says the same.
        Assert.Equal(poisonedModel.Metrics, LabModelStore.ReadDescriptor(poisonedFolder.Path).Metrics);
    }

    [Fact]
    public void AdversarialTrainingRaisesAdversarialAccuracyOverStandardTraining()
    {
        var pgd = PgdOptions.FashionMnistL2;
        using var standardSet = LabTrainingSet.Build(data.Train, Quick.TrainSubset, Quick.Seed, null, null);
        using var standard = RobustTrainer.Train(standardSet, Quick, checkpointDirectory: null);
        using var robust = RobustTrainer.Train(standardSet, Quick with { Adversarial = pgd }, checkpointDirectory: null);
        var shape = new ImageShape(1, 28, 28);
        var options = new EvaluationOptions(Pgd: pgd, AdversarialSamples: 300, TestSubset: 300);

        var standardMetrics = LabEvaluator.Evaluate(new LabClassifier("standard", standard, shape, 10), data.Test, options);
        var robustMetrics = LabEvaluator.Evaluate(new LabClassifier("robust", robust, shape, 10), data.Test, options);

        Assert.True(robustMetrics.AdversarialAccuracy > standardMetrics.AdversarialAccuracy + 0.15,
            $"adversarial accuracy: robust {robustMetrics.AdversarialAccuracy}, standard {standardMetrics.AdversarialAccuracy}");
    }

    [Fact]
    public void AnInterruptedRunResumesFromItsCheckpointAndEndsLikeAnUninterruptedOne()
    {
        var options = Quick with { TrainSubset = 1000, Adversarial = new PgdOptions(PgdNorm.L2, 1.5f, 2, 0.75f) };
        using var set = LabTrainingSet.Build(data.Train, options.TrainSubset, options.Seed, null, null);
        using var whole = new TempDirectory();
        using var interrupted = new TempDirectory();
        using var images = tensor(data.Test.GetImages([0, 1, 2, 3])).reshape(4, 1, 28, 28);

        using var reference = RobustTrainer.Train(set, options, whole.Path);

        using var cancellation = new CancellationTokenSource();
        var stopAfterFirstEpoch = new Reporter(p => { if (p.EpochCompleted && p.Epoch == 1) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => RobustTrainer.Train(set, options, interrupted.Path, stopAfterFirstEpoch, cancellation.Token));

        var epochs = new List<int>();
        using var resumed = RobustTrainer.Train(set, options, interrupted.Path, new Reporter(p => epochs.Add(p.Epoch)));

        Assert.All(epochs, e => Assert.Equal(2, e));
        TensorAssert.Identical(reference.forward(images), resumed.forward(images), "logits of the resumed run");
    }

    [Fact]
    public void ACheckpointOfOtherOptionsIsRefused()
    {
        var options = Quick with { TrainSubset = 300, Epochs = 1 };
        using var set = LabTrainingSet.Build(data.Train, options.TrainSubset, options.Seed, null, null);
        using var folder = new TempDirectory();
        using var first = RobustTrainer.Train(set, options, folder.Path);

        var error = Assert.Throws<InvalidOperationException>(() => RobustTrainer.Train(set, options with { LearningRate = 0.02f }, folder.Path));
        Assert.Contains("different training run", error.Message);
    }

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
