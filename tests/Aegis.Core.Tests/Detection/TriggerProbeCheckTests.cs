using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class TriggerProbeCheckTests
{
    /// <summary>Three classes, one candidate, at most 50 images per origin.</summary>
    private static bool Plausible(params TriggerProbeCounts[] counts) => TriggerProbeCheck.IsPlausible(counts, candidates: 1, classCount: 3, probesPerClass: 50);

    [Fact]
    public void CountsAModelCouldHaveProducedPass()
    {
        Assert.True(Plausible(new TriggerProbeCounts([[20, 30, 0], [0, 50, 0], [0, 0, 40]])));
    }

    [Fact]
    public void ImpossibleCountsAreRefused()
    {
        Assert.False(Plausible(new TriggerProbeCounts([[21, 30, 0], [0, 50, 0], [0, 0, 40]])));   // more images than probed per class
        Assert.False(Plausible(new TriggerProbeCounts([[20, 30, 0], [0, 50, 0], [0, -1, 40]])));  // a negative count
        Assert.False(Plausible(new TriggerProbeCounts([[20, 30, 0], [0, 50, 0]])));                // a class missing
        Assert.False(Plausible(new TriggerProbeCounts([[20, 30], [0, 50, 0], [0, 0, 40]])));       // a row short
        Assert.False(Plausible(new TriggerProbeCounts([[20, 30, 0], null!, [0, 0, 40]])));         // a row absent
        Assert.False(Plausible(new TriggerProbeCounts([[int.MaxValue, int.MaxValue, 2], [0, 50, 0], [0, 0, 40]]))); // a sum that overflows int
        Assert.False(Plausible(new TriggerProbeCounts(null!)));
        Assert.False(Plausible());                                                                  // a candidate without result
        Assert.False(TriggerProbeCheck.IsPlausible(null, 0, 3, 50));
    }
}
