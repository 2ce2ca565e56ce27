using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class ModelScoreTests
{
    [Theory]
    [InlineData(0.52, 1.0)]
    [InlineData(0.26, 0.0)]
    [InlineData(0.13, -0.5)]
    [InlineData(0.0, -1.0)]
    public void AFlipScoresItsMarginInUnitsOfTheThreshold(double flip, double score)
    {
        Assert.Equal(score, ModelScore.Trigger(flip, 0.26), 12);
    }

    [Fact]
    public void TheShiftRuleScoresTheWeakerOfItsTwoConditions()
    {
        Assert.Equal(0.5, ModelScore.Shift(6, 3, landing: 0.25, landingLimit: 0.5), 12);
        Assert.Equal(-0.5, ModelScore.Shift(6, 3, landing: 0.75, landingLimit: 0.5), 12);
        Assert.Equal(1.0, ModelScore.Shift(6, 3, landing: null, landingLimit: 0.5), 12);
        // An index far below the median says no more than "no evidence".
        Assert.Equal(ModelScore.Floor, ModelScore.Shift(-3, 3, landing: 0, landingLimit: 0.5));
        Assert.Equal(ModelScore.Floor, ModelScore.Shift(double.NaN, 3, landing: 0, landingLimit: 0.5));
    }

    [Fact]
    public void ThePaperRuleDrawsItsLineBetweenTwoCounts()
    {
        Assert.Equal(0.2, ModelScore.Paper(3, 2), 12);
        Assert.Equal(-0.2, ModelScore.Paper(2, 2), 12);
    }

    [Fact]
    public void NeuralCleanseNeedsIndexHeldOutSuccessAndAReachedOptimisation()
    {
        Assert.Equal(0.8, ModelScore.NeuralCleanse(7.64, 3.82, heldOutAttackSuccess: 0.9, minHeldOut: 0.5, reached: true), 12);
        Assert.Equal(-0.6, ModelScore.NeuralCleanse(7.64, 3.82, heldOutAttackSuccess: 0.2, minHeldOut: 0.5, reached: true), 12);
        Assert.Equal(ModelScore.Floor, ModelScore.NeuralCleanse(7.64, 3.82, 0.9, 0.5, reached: false));
    }

    [Fact]
    public void AModelScoresItsLargestClassAndNothingScoresTheFloor()
    {
        Assert.Equal(0.3, ModelScore.Of([-0.4, 0.3, double.NaN, -1]));
        Assert.Equal(ModelScore.Floor, ModelScore.Of([]));
    }

    [Theory]
    [InlineData(new[] { 0.5, -0.2, 0.1 }, 0.1)]
    [InlineData(new[] { 0.5, -0.2 }, -0.2)]
    [InlineData(new[] { 0.5, 0.3, -0.2, 0.1 }, 0.1)]
    [InlineData(new[] { 0.7 }, 0.7)]
    public void OverRunsAClassScoresWhatItsMajorityRestsOn(double[] runs, double expected)
    {
        Assert.Equal(expected, ModelScore.Majority(runs));
    }

    [Fact]
    public void EveryRuleScoresAboveZeroExactlyForTheClassesItFlags()
    {
        var random = new Random(21);
        foreach (var rule in DecisionRules.All)
        {
            for (int trial = 0; trial < 300; trial++)
            {
                var classes = Enumerable.Range(0, 10).Select(label => Analysis(label, random)).ToArray();
                var decision = DecisionRule.Decide(classes, new ScanParameters { Rule = rule });

                Assert.Equal(decision.SuspiciousClasses, decision.ClassScores.Where(kv => kv.Value > 0).Select(kv => kv.Key).Order());
                Assert.Equal(decision.Backdoored, decision.Score() > 0);
            }
        }
    }

    [Fact]
    public void AMajorityOfRunsScoresAboveZeroExactlyForTheClassesItFlags()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            var runs = Enumerable.Range(0, 1 + trial % 4)
                .Select(_ => DecisionRule.Decide(Enumerable.Range(0, 6).Select(label => Analysis(label, random)).ToArray(), new ScanParameters()))
                .ToArray();
            var decision = RunMajority.Combine(runs);

            Assert.Equal(decision.SuspiciousClasses, decision.ClassScores.Where(kv => kv.Value > 0).Select(kv => kv.Key).Order());
        }
    }

    [Fact]
    public void NeuralCleanseScoresAboveZeroExactlyForTheClassesItFlags()
    {
        var random = new Random(9);
        foreach (var rule in NeuralCleanseRule.All)
        {
            for (int trial = 0; trial < 300; trial++)
            {
                var triggers = Enumerable.Range(0, 10).Select(label => new NeuralCleanseTrigger(label, [], [], 5 + 95 * random.NextDouble() * random.NextDouble(),
                    0.99, Reached: random.NextDouble() > 0.1, Cost: 0.01, Epochs: 30) { HeldOutAttackSuccess = random.NextDouble() }).ToArray();
                var decision = NeuralCleanseRule.Decide(triggers, new NeuralCleanseParameters { Rule = rule });

                Assert.Equal(decision.SuspiciousClasses, decision.Classes.Where(c => c.Score > 0).Select(c => c.Label).Order());
                Assert.Equal(decision.Backdoored, decision.Score() > 0);
            }
        }
    }

    private static ClassAnalysis Analysis(int label, Random random) => new()
    {
        Label = label,
        TranslatedCount = 1,
        CleanCount = 1,
        Embedding = [0, 0, 1, 1],
        ClusterLabels = [0, 1],
        ClusterCount = random.Next(1, 5),
        Bandwidth = 1,
        Shift = random.NextDouble() < 0.15 ? 3 + 10 * random.NextDouble() : 1 + 0.3 * random.NextDouble(),
        Landing = random.NextDouble(),
        Trigger = new TriggerEvidence
        {
            Flip = random.Next(0, 51) / 50.0,
            OverallFlip = 0,
            OriginFlip = new Dictionary<int, double>(),
            Source = "all",
            Patch = new TriggerCandidate { Source = "all", Images = 1, Locations = [0], Pattern = [1f] },
            Candidates = 1,
            Probes = 450,
        },
    };
}
