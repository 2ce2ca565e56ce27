using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class TriggerFlipTests
{
    private static TriggerCandidate Candidate(string source) => new() { Source = source, Images = 10, Locations = [0], Pattern = [1f] };

    /// <summary>A probe of <paramref name="label"/>: of origin k's <paramref name="probed"/>[k] images, <paramref name="flipped"/>[k] go to the label, the rest stay.</summary>
    private static TriggerProbeCounts Counts(int label, int[] probed, int[] flipped) => new(probed.Select((n, k) =>
    {
        var row = new int[probed.Length];
        row[label] += flipped[k];
        row[k] += n - flipped[k];
        return row;
    }).ToArray());

    /// <summary>Every class's <paramref name="images"/> go to <paramref name="destination"/>(class) at <paramref name="share"/>, the rest stay.</summary>
    private static TriggerProbeCounts Sends(int classes, int images, Func<int, int> destination, double share) => new(Enumerable.Range(0, classes).Select(k =>
    {
        var row = new int[classes];
        int moved = (int)Math.Round(share * images);
        row[destination(k)] += moved;
        row[k] += images - moved;
        return row;
    }).ToArray());

    [Fact]
    public void FlipIsTheMedianOverOtherClassesSoOneNeighbourCannotCarryIt()
    {
        // Probing class 0: origin 1 flips entirely (a look-alike class), the other eight hardly.
        int[] probed = [0, 50, 50, 50, 50, 50, 50, 50, 50, 50];
        int[] flipped = [0, 50, 2, 1, 0, 0, 3, 0, 1, 0];

        var evidence = TriggerFlip.Evaluate(0, [Candidate("all")], [Counts(0, probed, flipped)])!;

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
            Counts(4, probed, [5, 5, 5, 5, 0]),
            Counts(4, probed, [40, 30, 35, 45, 0]),
        };

        var evidence = TriggerFlip.Evaluate(4, [Candidate("all"), Candidate("cluster-2")], counts)!;

        Assert.Equal("cluster-2", evidence.Source);
        Assert.Equal(0.75, evidence.Flip, 10);
        Assert.Equal(2, evidence.Candidates);
    }

    [Fact]
    public void ClassesWithoutProbeImagesDoNotCount()
    {
        var evidence = TriggerFlip.Evaluate(0, [Candidate("all")], [Counts(0, [0, 10, 0, 10], [0, 10, 0, 0])])!;

        Assert.Equal(0.5, evidence.Flip, 10);
        Assert.Equal([1, 3], evidence.OriginFlip.Keys);
    }

    [Fact]
    public void NoCandidatesGiveNoEvidence()
    {
        Assert.Null(TriggerFlip.Evaluate(0, [], []));
        Assert.Null(TriggerFlip.Evaluate(0, [Candidate("all")], [Counts(0, [5, 0], [0, 0])]));
    }

    [Fact]
    public void InconsistentCountsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => TriggerFlip.Evaluate(0, [Candidate("all")], []));
        Assert.Throws<ArgumentException>(() => TriggerFlip.Evaluate(0, [Candidate("all")], [new TriggerProbeCounts([[0, 5], [-1, 6]])]));
        Assert.Throws<ArgumentException>(() => TriggerFlip.Evaluate(0, [Candidate("all")], [new TriggerProbeCounts([[0, 5], [3]])]));
        Assert.Throws<ArgumentException>(() => TriggerFlip.Evaluate(2, [Candidate("all")], [new TriggerProbeCounts([[0, 5], [3, 2]])]));
    }

    [Fact]
    public void APatchThatSendsEachClassToItsSuccessorMakesAMatchingNamedAfterIt()
    {
        // An all-to-all trigger lifted from class 3's translations: 80% of every class goes to the next one.
        var counts = new[] { Sends(10, 50, k => 3, 0.2), Sends(10, 50, k => (k + 1) % 10, 0.8) };

        var evidence = TriggerFlip.Evaluate(3, [Candidate("all"), Candidate("origin-2")], counts)!;

        Assert.True(evidence.Matching.Detected);
        Assert.Equal(10, evidence.Matching.Classes.Count);
        Assert.All(evidence.Matching.Classes, c => Assert.Equal((c + 9) % 10, evidence.Matching.Origins[c]));
        Assert.Equal("class 3 origin-2", evidence.Matching.Source);
        // The median flip is the other patch's: the origin patch never enters it.
        Assert.Equal(0.2, evidence.Flip, 10);
    }

    [Fact]
    public void AOneTargetTriggerSendsEveryClassToOneClassAndMatchesOnePair()
    {
        var evidence = TriggerFlip.Evaluate(3, [Candidate("all")], [Sends(10, 50, k => 3, 0.9)])!;

        Assert.False(evidence.Matching.Detected);
        Assert.Single(evidence.Matching.Classes);
        Assert.True(evidence.Flip > 0.8);
    }
}
