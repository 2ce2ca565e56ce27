using Aegis.Lab.Storage;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;

namespace Aegis.Lab.Tests;

/// <summary>Short runs on small subsets: each family's model learns its mapping, and the evaluation measures that mapping.</summary>
public sealed class BackdoorFamilyTrainingTests
{
    private static readonly TrainingOptions Quick = QuickTraining.Options;

    private static readonly TriggerSpec Square = TriggerSpec.Default(TriggerKind.Localized);

    [Fact]
    public void AnAllToAllModelSendsTriggeredImagesToTheNextClassAndModelJsonSaysAllToAll()
    {
        using var folder = new TempDirectory();
        var request = new LabTrainingRequest
        {
            DataDirectory = FashionMnist.Directory,
            // A mapping per class takes more than one target does: half as many copies again, four epochs.
            Training = Quick with { Epochs = 4 },
            Poison = new PoisonOptions(Square, 0.5, Target: null) { Mapping = PoisonMapping.AllToAll },
            TestSubset = 1000,
        };

        var model = LabTrainingJob.Run(request, folder.Path);

        // Every test image is a victim (each class has a next class), so the rate is over all 1000.
        Assert.Equal(1000, model.Metrics!.AttackSamples);
        Assert.True(model.Metrics.AttackSuccessRate > 0.6, $"all-to-all attack success {model.Metrics.AttackSuccessRate}");
        Assert.True(model.Metrics.CleanAccuracy > 0.6, $"clean accuracy {model.Metrics.CleanAccuracy}");
        var stored = LabModelStore.ReadDescriptor(folder.Path).Poison!;
        Assert.Equal(PoisonMapping.AllToAll, stored.Mapping);
        Assert.Null(stored.Target);
        Assert.Contains("\"mapping\": \"all-to-all\"", File.ReadAllText(Path.Combine(folder.Path, LabModelStore.DescriptorFileName)));
    }

    [Fact]
    public void ATwoTargetModelLearnsBothTriggersAndEachIsMeasuredTowardItsOwnTarget()
    {
        using var folder = new TempDirectory();
        var request = new LabTrainingRequest
        {
            DataDirectory = FashionMnist.Directory,
            Training = Quick,
            Poison = new PoisonOptions(Square, 0.2, Target: null)
            {
                Mapping = PoisonMapping.TwoTargets,
                Targets = [1, 8],
                SecondTrigger = Square with { Corner = TriggerCorner.TopLeft },
            },
            TestSubset = 1000,
        };

        var model = LabTrainingJob.Run(request, folder.Path);

        var metrics = model.Metrics!;
        Assert.True(metrics.AttackSuccessRate > 0.7, $"bottom-right square → 1: {metrics.AttackSuccessRate}");
        Assert.True(metrics.SecondAttackSuccessRate > 0.7, $"top-left square → 8: {metrics.SecondAttackSuccessRate}");
        Assert.Equal(Math.Min(metrics.AttackSuccessRate!.Value, metrics.SecondAttackSuccessRate!.Value), metrics.WeakestAttackSuccessRate);
        Assert.Equal([1, 8], LabModelStore.ReadDescriptor(folder.Path).Poison!.TargetClasses(10));
    }
}
