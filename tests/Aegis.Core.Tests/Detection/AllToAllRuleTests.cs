using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

/// <summary>The all-to-all rule on constructed probe counts, through the same evidence path a scan takes (<see cref="TriggerFlip"/>).</summary>
public sealed class AllToAllRuleTests
{
    private const int Classes = 10;
    private const int Probes = 50;
    private static readonly ScanParameters TriggerRule = new() { Rule = DecisionRules.Trigger };

    [Fact]
    public void AMatchingOfEveryClassToItsPredecessorIsAllToAllAndFlagsEveryClass()
    {
        // y → y+1: class t's patch moves nearly all of t−1's images and few of any other's.
        var classes = Analyses(t => new Dictionary<int, int> { [(t + Classes - 1) % Classes] = 49 });

        var decision = DecisionRule.Decide(classes, TriggerRule);

        Assert.True(decision.AllToAll);
        Assert.Equal(Enumerable.Range(0, Classes), decision.SuspiciousClasses);
        Assert.Equal(Enumerable.Range(0, Classes), decision.AllToAllClasses);
        // The median over origins sees nothing: no class passes the single-target trigger rule.
        Assert.Empty(decision.TriggerRuleClasses);
        Assert.Contains("All-to-all:", decision.Explanation);
        Assert.Contains("9→0", decision.Explanation);
        Assert.All(decision.ClassScores.Values, s => Assert.True(s > 0));
    }

    [Fact]
    public void ACleanModelsNaturalConfusionsAreNotAllToAll()
    {
        // The strongest single origins measured in clean robust Fashion-MNIST models: pullovers from shirts (0.60),
        // sandals from sneakers (0.52), bags from sneakers (0.42), T-shirts from shirts (0.38), pullovers from coats.
        var peaks = new Dictionary<int, (int Origin, int Flipped)> { [2] = (6, 30), [5] = (7, 26), [8] = (7, 21), [0] = (6, 19), [4] = (2, 17) };
        var classes = Analyses(t => peaks.TryGetValue(t, out var p) ? new Dictionary<int, int> { [p.Origin] = p.Flipped } : []);

        var decision = DecisionRule.Decide(classes, TriggerRule);

        Assert.False(decision.AllToAll);
        Assert.Empty(decision.SuspiciousClasses);
        Assert.All(decision.ClassScores.Values, s => Assert.True(s <= 0));
        Assert.Contains("fewer than the 5 needed", decision.Explanation);
        Assert.Equal(ModelScore.Floor, AllToAllRule.Score(AllToAllRule.Find(classes, TriggerRule.Trigger)));
    }

    [Fact]
    public void StrongFlipsThatShareTheirOriginsAreNotAMatching()
    {
        // Six classes each moving nearly all images of one origin, but only three distinct origins.
        var origins = new Dictionary<int, int> { [0] = 6, [2] = 6, [4] = 6, [5] = 7, [8] = 7, [9] = 3 };
        var classes = Analyses(t => origins.TryGetValue(t, out var o) ? new Dictionary<int, int> { [o] = 48 } : []);

        var finding = AllToAllRule.Find(classes, TriggerRule.Trigger);

        Assert.False(finding.Detected);
        Assert.Equal(3, finding.Classes.Count);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void HalfOfTheClassesWithTheirOwnOriginsAreNeeded(int mapped, bool detected)
    {
        var classes = Analyses(t => t < mapped ? new Dictionary<int, int> { [t + 5] = 50 } : []);

        var finding = AllToAllRule.Find(classes, TriggerRule.Trigger);

        Assert.Equal(detected, finding.Detected);
        Assert.Equal(5, finding.Needed);
    }

    [Fact]
    public void AOneTargetBackdoorIsTheTriggerRulesAndNotAllToAll()
    {
        var classes = Analyses(t => t == 7 ? Enumerable.Range(0, Classes).Where(o => o != 7).ToDictionary(o => o, _ => 45) : []);

        var decision = DecisionRule.Decide(classes, TriggerRule);

        Assert.Equal([7], decision.SuspiciousClasses);
        Assert.Equal([7], decision.TriggerRuleClasses);
        Assert.False(decision.AllToAll);
        Assert.Empty(decision.AllToAllClasses);
    }

    [Fact]
    public void TheLineTestsTheNaturalNeighbourRateWithABonferroniShareOfTheSignificance()
    {
        var one = Evidence(label: 1, flipped: new Dictionary<int, int> { [0] = 40 }, candidates: 1);
        var many = Evidence(label: 1, flipped: new Dictionary<int, int> { [0] = 40 }, candidates: 6);

        double line = AllToAllRule.Line(one, TriggerRule.Trigger);
        double stricter = AllToAllRule.Line(many, TriggerRule.Trigger);

        // Above the null rate itself and below a trigger's near-certain flip; more patches tried, a higher line.
        Assert.InRange(line, AllToAllRule.NeighbourFlipRate + 0.1, 0.9);
        Assert.True(stricter > line, $"{stricter} vs {line}");
        // The line is the binomial test's: P(X > line·n) ≤ α / (origins · candidates) under the null.
        Assert.Equal(TriggerProbeParameters.BinomialThreshold(Probes, 0.5, 0.001 / (9 * 1)), line);
    }

    [Fact]
    public void APatchFromOneOriginsSeedsFeedsThePeakButNeverTheMedianFlip()
    {
        var candidates = new[] { Patch("all"), Patch(TriggerExtractor.OriginPrefix + "2") };
        var quiet = Counts(label: 3, flipped: []);
        // The origin patch moves every origin: as a median candidate it would flip the class.
        var everywhere = Counts(label: 3, flipped: Enumerable.Range(0, Classes).Where(o => o != 3).ToDictionary(o => o, _ => 50));

        var evidence = TriggerFlip.Evaluate(3, candidates, [quiet, everywhere])!;

        Assert.Equal("all", evidence.Source);
        Assert.Equal(1.0 / Probes, evidence.Flip);
        Assert.Equal(1.0, evidence.PeakFlip);
        Assert.Equal(2, evidence.Candidates);
    }

    [Fact]
    public void ThePeakOriginComesFromAnyPatchEvenOneWithALowerMedian()
    {
        var candidates = new[] { Patch("all"), Patch("cluster-1") };
        var spread = Counts(label: 3, flipped: Enumerable.Range(0, Classes).Where(o => o != 3).ToDictionary(o => o, _ => 10));
        var focused = Counts(label: 3, flipped: new Dictionary<int, int> { [2] = 50 });

        var evidence = TriggerFlip.Evaluate(3, candidates, [spread, focused])!;

        Assert.Equal("all", evidence.Source);
        Assert.Equal(2, evidence.PeakOrigin);
        Assert.Equal(1.0, evidence.PeakFlip);
        Assert.Equal(Probes, evidence.PeakProbes);
    }

    [Fact]
    public void OneTriggerThatSendsEachClassToTheNextIsAllToAllInNeuralCleansesRow()
    {
        // Where std-a2a-sc-blended-s93's all-to-all row sent 100 held-out images of each class (35–96% to the next class).
        int[] next = [57, 91, 59, 64, 66, 85, 35, 92, 43, 96];
        var destinations = Destinations(origin => new Dictionary<int, int> { [(origin + 1) % Classes] = next[origin], [origin] = 100 - next[origin] });

        var finding = AllToAllRule.FromDestinations(destinations);

        Assert.True(finding.Detected);
        // 6→7 (35) and 8→9 (43) are not majorities; the other eight are, each reaching a class of its own.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 8], finding.Classes);
        Assert.All(finding.Classes, c => Assert.Equal((c + Classes - 1) % Classes, finding.Origins[c]));
        Assert.Equal(AllToAllRule.MajorityShare, finding.Lines[1]);
        Assert.Equal(0.91, finding.Rates[2]);
    }

    [Fact]
    public void OneTriggerThatSendsEveryClassToOneTargetIsAMatchingOfOne()
    {
        // A one-target backdoor's row (cal-sta-checkerboard-t6-s4514): every class goes to shirts, shirts to pullovers.
        var destinations = Destinations(origin => origin == 6 ? new Dictionary<int, int> { [2] = 2, [6] = 98 } : new Dictionary<int, int> { [6] = 95, [origin] = 5 });

        var finding = AllToAllRule.FromDestinations(destinations);

        Assert.False(finding.Detected);
        Assert.Equal([6], finding.Classes);
        Assert.Equal(5, finding.Needed);
    }

    [Fact]
    public void DestinationsThatTakeNoMajorityAreNoMatching()
    {
        // Each class sent to a class of its own, but never most of its images: no pair counts.
        var destinations = Destinations(origin => new Dictionary<int, int> { [(origin + 1) % Classes] = 50, [origin] = 50 });

        var finding = AllToAllRule.FromDestinations(destinations);

        Assert.False(finding.Detected);
        Assert.Empty(finding.Classes);
    }

    [Fact]
    public void DestinationsThatAreNotOneRowOfCountsPerClassAreRefused()
    {
        var square = Destinations(origin => new Dictionary<int, int> { [origin] = 100 });

        Assert.Throws<ArgumentException>(() => AllToAllRule.FromDestinations([.. square.Take(9), [1, 2]]));
        Assert.Throws<ArgumentException>(() => AllToAllRule.FromDestinations([.. square.Take(9), [.. Enumerable.Repeat(0, 9), -1]]));
        // Too few classes to speak of a matching: nothing found.
        Assert.Same(AllToAllFinding.None, AllToAllRule.FromDestinations([[0, 1], [1, 0]]));
    }

    [Fact]
    public void OnePatchThatSendsHalfTheClassesEachToAClassOfItsOwnIsAllToAll()
    {
        // rob-a2a-full-s77: the patch of class 7's translations from one cluster sent 0→1 98%, 1→2 100%, 3→4 100%,
        // 5→6 56%, 6→7 82% of 50 held-out images each; every other class's patches matched at most one pair.
        var shares = new Dictionary<int, int> { [0] = 49, [1] = 50, [3] = 50, [5] = 28, [6] = 41, [2] = 8, [8] = 19 };
        var matching = Probe(7, Destinations(origin => shares.TryGetValue(origin, out var n)
            ? new Dictionary<int, int> { [(origin + 1) % Classes] = n, [origin] = Probes - n } : new Dictionary<int, int> { [origin] = Probes }));
        var classes = Analyses(t => []).Select(c => c.Label == 7 ? c with { Trigger = c.Trigger! with { Matching = matching } } : c).ToArray();

        var decision = DecisionRule.Decide(classes, TriggerRule);

        Assert.True(decision.AllToAll);
        Assert.Equal([1, 2, 4, 6, 7], decision.AllToAllClasses);
        // One trigger maps every class: the classes without a pair of their own are flagged too.
        Assert.Equal(Enumerable.Range(0, Classes), decision.SuspiciousClasses);
        Assert.Contains("one patch (class 7 cluster-1)", decision.Explanation);
        Assert.Contains("5→6 56", decision.Explanation);
        Assert.All(decision.SuspiciousClasses, c => Assert.True(decision.ClassScores[c] > 0));
        // An unmatched class scores what the matching rests on: its fifth pair, 5→6 at 56% against the majority line.
        Assert.Equal(ModelScore.Trigger(0.56, AllToAllRule.MajorityShare), decision.ClassScores[0], 10);
        Assert.Equal(ModelScore.Trigger(1.0, AllToAllRule.MajorityShare), decision.ClassScores[2], 10);
    }

    [Fact]
    public void APatchMatchingThatNamesAClassTheScanLeftOutIsNotCounted()
    {
        var matching = Probe(7, Destinations(origin => new Dictionary<int, int> { [(origin + 1) % Classes] = Probes }));
        // Only classes 0-5 and 7 scanned: the matching's 10 classes include 6, 8 and 9.
        var classes = Analyses(t => []).Where(c => c.Label <= 5 || c.Label == 7)
            .Select(c => c.Label == 7 ? c with { Trigger = c.Trigger! with { Matching = matching } } : c).ToArray();

        Assert.False(AllToAllRule.Find(classes, TriggerRule.Trigger).Detected);
        // Scanned whole, the same matching fires.
        var whole = Analyses(t => []).Select(c => c.Label == 7 ? c with { Trigger = c.Trigger! with { Matching = matching } } : c).ToArray();
        Assert.True(AllToAllRule.Find(whole, TriggerRule.Trigger).Detected);
    }

    /// <summary>The matching <see cref="TriggerFlip"/> finds for one patch ("cluster-1") of <paramref name="label"/> whose stamp sends each class as given.</summary>
    private static AllToAllFinding Probe(int label, IReadOnlyList<IReadOnlyList<int>> destinations)
    {
        var counts = new TriggerProbeCounts(destinations.Select(r => r.ToArray()).ToArray());
        return TriggerFlip.Evaluate(label, [Patch("all"), Patch("cluster-1")], [Counts(label, []), counts])!.Matching;
    }

    private static IReadOnlyList<IReadOnlyList<int>> Destinations(Func<int, Dictionary<int, int>> counts) =>
        Enumerable.Range(0, Classes).Select(origin => (IReadOnlyList<int>)Enumerable.Range(0, Classes).Select(c => counts(origin).GetValueOrDefault(c)).ToArray()).ToArray();

    private static ClassAnalysis[] Analyses(Func<int, Dictionary<int, int>> flipped) =>
        Enumerable.Range(0, Classes).Select(label => Analysis(label, Evidence(label, flipped(label), candidates: 2))).ToArray();

    private static ClassAnalysis Analysis(int label, TriggerEvidence evidence) => new()
        {
            Label = label,
            TranslatedCount = 1,
            CleanCount = 1,
            Embedding = [0, 0, 1, 1],
            ClusterLabels = [0, 1],
            ClusterCount = 1,
            Bandwidth = 1,
            Shift = 1 + 0.05 * label,
            Landing = 0.9,
            Trigger = evidence,
        };

    private static TriggerEvidence Evidence(int label, Dictionary<int, int> flipped, int candidates)
    {
        var patches = Enumerable.Range(0, candidates).Select(i => Patch(i == 0 ? "all" : $"cluster-{i}")).ToArray();
        // Every patch moves the same images: the evidence depends on the counts, not on which patch.
        return TriggerFlip.Evaluate(label, patches, patches.Select(_ => Counts(label, flipped)).ToArray())!;
    }

    /// <summary>Of each other origin's images, <paramref name="flipped"/>[origin] (default 1) go to the label, the rest stay; the label's own stay.</summary>
    private static TriggerProbeCounts Counts(int label, Dictionary<int, int> flipped) => new(Enumerable.Range(0, Classes).Select(k =>
    {
        int moved = k == label ? 0 : flipped.GetValueOrDefault(k, 1);
        var row = new int[Classes];
        row[label] += moved;
        row[k] += Probes - moved;
        return row;
    }).ToArray());

    private static TriggerCandidate Patch(string source) => new() { Source = source, Images = 10, Locations = [0], Pattern = [1f] };
}
