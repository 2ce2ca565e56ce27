using Aegis.Core.Detection;
using Aegis.Torch.NeuralCleanse;

namespace Aegis.Torch.Tests.NeuralCleanse;

/// <summary>The all-to-all row on the fixture standard_local_small, a one-target backdoor (3x3 white square → 7); all-to-all models are trained in Aegis.Lab.Tests (AllToAllRowTests).</summary>
[Collection(TorchCollection.Name)]
public sealed class AllToAllReverserTests(ModelCache models)
{
    [Fact]
    public void AOneTargetBackdoorsRowFindsAWayOutOfEveryClassButNoMatching()
    {
        var model = models.Get("standard_local_small");
        var options = new NeuralCleanseParameters { AllToAllImagesPerClass = 50 };

        var row = new NeuralCleanseReversal(model).ReverseAllToAll(TestData.TrainingSet, TestData.TestSet, options)!;
        var finding = AllToAllRule.FromDestinations(row.Destinations);

        Assert.True(row.Reached);
        Assert.Equal(row.Mask.Sum(v => (double)v), row.MaskL1, 3);
        Assert.All(row.Destinations, counts => Assert.Equal(50, counts.Sum()));
        // Measured: a universal patch toward shirts and the target (mask L1 37); a few classes, not a matching over half.
        Assert.True(row.AttackSuccess >= options.AllToAllAttackSuccess);
        Assert.False(finding.Detected);
        Assert.True(finding.Classes.Count < finding.Needed, $"{finding.Classes.Count} classes matched");
    }

    [Fact]
    public void TheSameSeedGivesTheSameRowAndAnotherSeedAnotherOne()
    {
        var model = models.Get("standard_local_small");
        var quick = new NeuralCleanseParameters { Images = 100, MaxEpochs = 3, AllToAllImagesPerClass = 10 };

        var first = new NeuralCleanseReversal(model).ReverseAllToAll(TestData.TrainingSet, null, quick, seed: 3)!;
        var again = new NeuralCleanseReversal(model).ReverseAllToAll(TestData.TrainingSet, null, quick, seed: 3)!;
        var other = new NeuralCleanseReversal(model).ReverseAllToAll(TestData.TrainingSet, null, quick, seed: 4)!;

        Assert.Equal(first.Mask, again.Mask);
        Assert.Equal(first.Destinations, again.Destinations);
        Assert.NotEqual(first.Mask, other.Mask);
        Assert.Equal(3, first.Epochs);
        Assert.All(first.Mask, v => Assert.InRange(v, 0f, 1f));
    }
}
