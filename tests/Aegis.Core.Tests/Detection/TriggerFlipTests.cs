using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class TriggerFlipTests
{
    private static TriggerCandidate Candidate(string source) => new() { Source = source, Images = 10, Locations = [0], Pattern = [1f] };

    [Fact]
    public void FlipIsTheMedianOverOtherClassesSoOneNeighbourCannotCarryIt()
    {
        // Probing class 0: origin 1 flips entirely (a look-alike class), the other eight hardly.
        int[] probed = [0, 50, 50, 50, 50, 50, 50, 50, 50, 50];
        int[] flipped = [0, 50, 2, 1, 0, 0, 3, 0, 1, 0];

        var evidence = TriggerFlip.Evaluate(0, [Candidate("all")], [new TriggerProbeCounts(probed, flipped)])!;

        Assert.Equal(0.02, evidence.Flip, 10);
        Assert.Equal(57 / 450.0, evidence.OverallFlip, 10);
        Assert.Equal(1.0, evidence.OriginFlip[1]);
        Assert.False(evidence.OriginFlip.ContainsKey(0));
        Assert.Equal(450, evidence.Probes);
    }

    [Fact]
    public void TheStrongestCandidateIsKept()
    {
        int[] probed = [50, 50, 50, 50, 0];
        var counts = new[]
        {
            new TriggerProbeCounts(probed, [5, 5, 5, 5, 0]),
            new TriggerProbeCounts(probed, [40, 30, 35, 45, 0]),
        };

        var evidence = TriggerFlip.Evaluate(4, [Candidate("all"), Candidate("cluster-2")], counts)!;

        Assert.Equal("cluster-2", evidence.Source);
        Assert.Equal(0.75, evidence.Flip, 10);
        Assert.Equal(2, evidence.Candidates);
    }

    [Fact]
    public void ClassesWithoutProbeImagesDoNotCount()
    {
        var evidence = TriggerFlip.Evaluate(0, [Candidate("all")], [new TriggerProbeCounts([0, 10, 0, 10], [0, 10, 0, 0])])!;

        Assert.Equal(0.5, evidence.Flip, 10);
        Assert.Equal([1, 3], evidence.OriginFlip.Keys);
    }

    [Fact]
    public void NoCandidatesGiveNoEvidence()
    {
        Assert.Null(TriggerFlip.Evaluate(0, [], []));
        Assert.Null(TriggerFlip.Evaluate(0, [Candidate("all")], [new TriggerProbeCounts([5, 0], [0, 0])]));
    }

    [Fact]
    public void InconsistentCountsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => TriggerFlip.Evaluate(0, [Candidate("all")], []));
        Assert.Throws<ArgumentException>(() => TriggerFlip.Evaluate(0, [Candidate("all")], [new TriggerProbeCounts([0, 5], [0, 6])]));
        Assert.Throws<ArgumentException>(() => TriggerFlip.Evaluate(0, [Candidate("all")], [new TriggerProbeCounts([0, 5], [0])]));
    }
}
