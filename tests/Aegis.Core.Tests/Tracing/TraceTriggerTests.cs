using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Tracing;

public sealed class TraceTriggerTests
{
    private static readonly ImageShape Shape = new(1, 4, 4);

    private static TriggerReport Patch(int[] locations, float[] pattern) => new()
    {
        Flip = 0.9, Threshold = 0.26, Margin = 0.64, OverallFlip = 0.9, OriginFlip = new Dictionary<int, double>(), Source = "all",
        Locations = locations, Pattern = pattern, Candidates = 1, Probes = 50,
    };

    [Fact]
    public void APatchIsFullyPresentWhereTheSampleHoldsItsPatternAndCoveringReplacesOnlyItsRegion()
    {
        var trigger = TraceTrigger.FromPatch(7, Patch([14, 15], [1f, 1f]), Shape);
        var poisoned = new float[16];
        poisoned[14] = poisoned[15] = 1;
        var clean = new float[16];

        Assert.Equal(1, trigger.Presence(poisoned), 6);
        Assert.Equal(0, trigger.Presence(clean), 6);
        Assert.Equal([14, 15], trigger.Region());

        var fill = Enumerable.Repeat(0.25f, 16).ToArray();
        var covered = new float[16];
        trigger.Cover(poisoned, fill, covered);
        Assert.Equal(0.25f, covered[14]);
        Assert.Equal(0.25f, covered[15]);
        Assert.Equal(0f, covered[0]);
        var stamped = new float[16];
        trigger.Stamp(clean, stamped);
        Assert.Equal(poisoned, stamped);
    }

    [Fact]
    public void APatchThatDoesNotFitTheImagesIsRefused()
    {
        var error = Assert.Throws<ScanFailureException>(() => TraceTrigger.FromPatch(7, Patch([16], [1f]), Shape));
        Assert.Equal(ErrorCodes.InvalidParameters, error.Code);
        Assert.Throws<ScanFailureException>(() => TraceTrigger.FromPatch(7, Patch([3], [1.5f]), Shape));
    }

    [Fact]
    public void ASoftMaskWeighsPresenceByTheMaskAndMarksItsCore()
    {
        var mask = new float[16];
        mask[0] = 1f;
        mask[1] = 0.2f;
        var pattern = new float[16];
        pattern[0] = pattern[1] = 1f;
        var trigger = TraceTrigger.FromNeuralCleanse(new NeuralCleanseTrigger(3, mask, pattern, 1.2, 1, true, 0.01, 5), Shape);
        var image = new float[16];
        image[0] = 1f;

        Assert.Equal(1 / 1.2, trigger.Presence(image), 6);
        Assert.Equal([0], trigger.Region());
        Assert.Throws<ArgumentException>(() => TraceTrigger.FromNeuralCleanse(new NeuralCleanseTrigger(3, new float[16], pattern, 0, 1, true, 0.01, 5), Shape));
    }
}
