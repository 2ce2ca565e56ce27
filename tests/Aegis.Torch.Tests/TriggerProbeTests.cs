using Aegis.Core.Detection;

namespace Aegis.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class TriggerProbeTests(ModelCache models)
{
    private static readonly TriggerProbeParameters Parameters = new() { ProbesPerClass = 30 };

    /// <summary>The fixtures' trigger: a white 4x4 square, rows and columns 23..26 of 28x28.</summary>
    private static TriggerCandidate Square(int top, int left, float value) => new()
    {
        Source = "all",
        Images = 1,
        Locations = (from y in Enumerable.Range(top, 4) from x in Enumerable.Range(left, 4) select y * 28 + x).ToArray(),
        Pattern = Enumerable.Repeat(value, 16).ToArray(),
    };

    [Fact]
    public async Task TheBackdoorsOwnTriggerMovesMostImagesOfOtherClassesToItsTarget()
    {
        var probe = new TriggerProbe(models.Get("robust_local"), TestData.TestSet, Parameters, seed: 3);

        var counts = Assert.Single(await probe.ProbeAsync(7, [Square(23, 23, 1f)]));
        var evidence = TriggerFlip.Evaluate(7, [Square(23, 23, 1f)], [counts])!;

        // Every class's probe images are stamped, the target's own too.
        Assert.All(Enumerable.Range(0, 10), k => Assert.Equal(30, counts.Probed(k)));
        Assert.True(evidence.Flip > Parameters.Threshold, $"median flip {evidence.Flip}");
    }

    [Fact]
    public async Task TheSameSquareMovesFewImagesOfACleanModel()
    {
        var probe = new TriggerProbe(models.Get("robust_clean"), TestData.TestSet, Parameters, seed: 3);

        var counts = await probe.ProbeAsync(7, [Square(23, 23, 1f)]);
        var evidence = TriggerFlip.Evaluate(7, [Square(23, 23, 1f)], counts)!;

        Assert.True(evidence.Flip < Parameters.Threshold, $"median flip {evidence.Flip}");
    }

    [Fact]
    public async Task APatchThatChangesNothingFlipsNothingBecauseEveryProbeStartsCorrectlyClassified()
    {
        // Fashion-MNIST's top-left corner is black in (almost) every image: stamping black there is a no-op.
        var probe = new TriggerProbe(models.Get("robust_local"), TestData.TestSet, Parameters, seed: 5);

        var counts = Assert.Single(await probe.ProbeAsync(7, [Square(0, 0, 0f)]));

        int moved = Enumerable.Range(0, 10).Sum(k => counts.Probed(k) - counts.Destinations[k][k]);
        Assert.True(moved <= 1, $"{moved} images left their class");
    }

    [Fact]
    public async Task APatchThatDoesNotFitTheImageIsRejected()
    {
        var probe = new TriggerProbe(models.Get("robust_local"), TestData.TestSet, Parameters, seed: 3);
        var outside = new TriggerCandidate { Source = "all", Images = 1, Locations = [784], Pattern = [1f] };

        await Assert.ThrowsAsync<ArgumentException>(() => probe.ProbeAsync(7, [outside]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => probe.ProbeAsync(10, [Square(0, 0, 0f)]));
    }
}
