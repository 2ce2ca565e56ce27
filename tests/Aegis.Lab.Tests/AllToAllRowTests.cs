using Aegis.Core.Detection;
using Aegis.Lab.Storage;
using Aegis.Lab.Training;
using Aegis.Lab.Triggers;
using Aegis.Torch.NeuralCleanse;

namespace Aegis.Lab.Tests;

/// <summary>
/// Neural Cleanse's all-to-all row on models trained here: a 4x4 square that sends class y to y + 1 (and, beside it,
/// the same recipe without poison). Each model takes seconds on a subset; the row takes seconds more.
/// </summary>
public sealed class AllToAllRowTests(FashionMnist data) : IClassFixture<FashionMnist>
{
    // A mapping per class takes more than one target does: four epochs, as the lab's own all-to-all test.
    private static readonly TrainingOptions Quick = QuickTraining.Options with { Epochs = 4 };

    private static readonly NeuralCleanseParameters Row = new();

    [Fact]
    public void AnAllToAllModelsRowSendsEachClassToTheNextAndTheMatchingFindsIt()
    {
        var (finding, reversal) = TrainAndReverse(new PoisonOptions(TriggerSpec.Default(TriggerKind.Localized), 0.5, Target: null) { Mapping = PoisonMapping.AllToAll });

        Assert.True(reversal.Reached);
        Assert.True(finding.Detected, $"{finding.Classes.Count} classes matched");
        Assert.All(finding.Classes, c => Assert.Equal((c + 9) % 10, finding.Origins[c]));
        // The planted square is 16 pixels; the row needs no more than about that.
        Assert.True(reversal.MaskL1 < 20, $"mask L1 {reversal.MaskL1}");
    }

    [Fact]
    public void ACleanModelsRowLeavesThroughOneUniversalPatchAndIsNoMatching()
    {
        var (finding, reversal) = TrainAndReverse(poison: null);

        Assert.False(finding.Detected);
        Assert.True(finding.Classes.Count <= 2, $"{finding.Classes.Count} classes matched");
        Assert.True(reversal.MaskL1 > 20, $"mask L1 {reversal.MaskL1}");
    }

    private (AllToAllFinding Finding, AllToAllReversal Reversal) TrainAndReverse(PoisonOptions? poison)
    {
        using var folder = new TempDirectory();
        LabTrainingJob.Run(new LabTrainingRequest { DataDirectory = FashionMnist.Directory, Training = Quick, Poison = poison, TestSubset = 1000 }, folder.Path);
        using var model = LabModelStore.Load(folder.Path);
        var reversal = new NeuralCleanseReversal(model).ReverseAllToAll(data.Train, data.Test, Row)!;
        return (AllToAllRule.FromDestinations(reversal.Destinations), reversal);
    }
}
