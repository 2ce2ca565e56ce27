using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class TriggerProbeCheckTests
{
    /// <summary>Three classes, probed label 1, at most 50 images per origin.</summary>
    private static bool Plausible(params TriggerProbeCounts[] counts) => TriggerProbeCheck.IsPlausible(counts, label: 1, candidates: 1, classCount: 3, probesPerClass: 50);

    [Fact]
    public void CountsAModelCouldHaveProducedPass()
    {
        Assert.True(Plausible(new TriggerProbeCounts([50, 0, 40], [30, 0, 0])));
    }

    [Fact]
    public void ImpossibleCountsAreRefused()
    {
        Assert.False(Plausible(new TriggerProbeCounts([50, 0, 40], [51, 0, 0])));   // more flips than probes
        Assert.False(Plausible(new TriggerProbeCounts([51, 0, 40], [3, 0, 0])));    // more probes than allowed
        Assert.False(Plausible(new TriggerProbeCounts([50, 5, 40], [3, 0, 0])));    // the probed label itself probed
        Assert.False(Plausible(new TriggerProbeCounts([50, 0], [3, 0])));          // a class missing
        Assert.False(Plausible(new TriggerProbeCounts([50, 0, -1], [3, 0, 0])));
        Assert.False(Plausible());                                                 // a candidate without result
        Assert.False(TriggerProbeCheck.IsPlausible(null, 1, 0, 3, 50));
    }
}
