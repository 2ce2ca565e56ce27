using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class NeuralCleanseRuleTests
{
    // Mask L1 norms measured on standard Fashion-MNIST CNNs (README, "Standard models: Neural Cleanse").
    private static readonly double[] BackdooredSeven = [63.6, 46.8, 55.5, 55.2, 56.8, 62.6, 50.7, 14.4, 36.1, 76.0];
    private static readonly double[] CleanModel = [61.1, 54.0, 67.5, 74.1, 62.6, 80.2, 45.6, 135.8, 31.8, 85.0];

    [Fact]
    public void ASmallOutlyingMaskIsFlaggedByBothRules()
    {
        var decision = NeuralCleanseRule.Decide(Triggers(BackdooredSeven), new NeuralCleanseParameters());

        Assert.Equal([7], decision.SuspiciousClasses);
        Assert.Equal([7], decision.PublishedRuleClasses);
        var seven = decision.Classes.Single(c => c.Label == 7);
        Assert.True(seven.LogAnomalyIndex > seven.AnomalyIndex, "a ratio outlier stands out more on the log scale");
    }

    [Fact]
    public void ANaturallySmallClassOfACleanModelIsNotFlagged()
    {
        var decision = NeuralCleanseRule.Decide(Triggers(CleanModel), new NeuralCleanseParameters());

        Assert.Empty(decision.SuspiciousClasses);
        Assert.False(decision.Backdoored);
        // The smallest class scores above the published 2 on the log scale but under the rule's 3.
        Assert.InRange(decision.Classes.Single(c => c.Label == 8).LogAnomalyIndex, 2.0, 3.0);
    }

    [Fact]
    public void ATinyMaskAmongWidelySpreadOnesIsMissedAsPublishedButCaughtOnTheLogScale()
    {
        // The raw index cannot exceed median / (1.4826 · MAD) however small the mask: here about 1.6.
        double[] norms = [40, 60, 90, 120, 150, 55, 75, 110, 135, 4];

        var decision = NeuralCleanseRule.Decide(Triggers(norms), new NeuralCleanseParameters());

        Assert.Empty(decision.PublishedRuleClasses);
        Assert.True(decision.Classes[9].AnomalyIndex < 2);
        Assert.Equal([9], decision.SuspiciousClasses);
    }

    [Fact]
    public void AClassWhoseReversedTriggerFailsOnHeldOutImagesIsNotFlagged()
    {
        var triggers = Triggers(BackdooredSeven, heldOut: label => label == 7 ? 0.3 : 0.97);

        var decision = NeuralCleanseRule.Decide(triggers, new NeuralCleanseParameters());

        Assert.Empty(decision.SuspiciousClasses);
        Assert.Equal([7], decision.PublishedRuleClasses);
    }

    [Fact]
    public void AClassThatNeverReachedTheAttackSuccessThresholdIsNotFlagged()
    {
        var triggers = Triggers(BackdooredSeven).Select(t => t.Label == 7 ? t with { Reached = false } : t).ToArray();

        var decision = NeuralCleanseRule.Decide(triggers, new NeuralCleanseParameters());

        Assert.Empty(decision.SuspiciousClasses);
        Assert.Empty(decision.PublishedRuleClasses);
    }

    [Fact]
    public void ThePublishedRuleDecidesWhenAsked()
    {
        double[] norms = [40, 60, 90, 120, 150, 55, 75, 110, 135, 4];

        var decision = NeuralCleanseRule.Decide(Triggers(norms), new NeuralCleanseParameters { Rule = NeuralCleanseRule.Published });

        Assert.Empty(decision.SuspiciousClasses);
        Assert.Contains("as published", decision.Explanation);
    }

    [Fact]
    public void FewerThanFourClassesFlagNothingAndSayWhy()
    {
        var decision = NeuralCleanseRule.Decide(Triggers([50, 60, 5]), new NeuralCleanseParameters());

        Assert.Empty(decision.SuspiciousClasses);
        Assert.Contains("at least 4", decision.Explanation);
    }

    [Fact]
    public void AMaskOfZeroGetsAFiniteIndex()
    {
        var decision = NeuralCleanseRule.Decide(Triggers([50, 60, 55, 70, 0]), new NeuralCleanseParameters());

        Assert.All(decision.Classes, c => Assert.True(double.IsFinite(c.LogAnomalyIndex)));
        Assert.Equal([4], decision.SuspiciousClasses);
    }

    [Fact]
    public void UnknownRulesAndBadNormsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => NeuralCleanseRule.Decide(Triggers(BackdooredSeven), new NeuralCleanseParameters { Rule = "median" }));
        Assert.Throws<ArithmeticException>(() => NeuralCleanseRule.Decide(Triggers([50, 60, double.NaN, 70]), new NeuralCleanseParameters()));
    }

    [Fact]
    public void AnAllToAllRowsMatchingFlagsEveryClassOfItAndSaysAllToAll()
    {
        // Masks of an all-to-all model: none small (std-a2a-s61's 50–80), so the size rule sees nothing.
        double[] norms = [69, 59, 63, 69, 65, 65, 53, 80, 50, 54];
        var row = new AllToAllReversal([], [], 8.7, 0.92, Reached: true, Cost: 0.01, Epochs: 60,
            Enumerable.Range(0, 10).Select(o => (IReadOnlyList<int>)Enumerable.Range(0, 10).Select(c => c == (o + 1) % 10 ? 90 : c == o ? 10 : 0).ToArray()).ToArray());

        var decision = NeuralCleanseRule.Decide(Triggers(norms), new NeuralCleanseParameters(), allToAll: row);
        var withoutRow = NeuralCleanseRule.Decide(Triggers(norms), new NeuralCleanseParameters());

        Assert.Empty(withoutRow.SuspiciousClasses);
        Assert.True(decision.AllToAll.Detected);
        Assert.Equal(Enumerable.Range(0, 10), decision.SuspiciousClasses);
        Assert.All(decision.Classes, c => Assert.True(c.Score > 0));
        Assert.Contains("All-to-all:", decision.Explanation);
        Assert.Contains("9→0", decision.Explanation);
        var report = NeuralCleanseReport.From(decision, new NeuralCleanseParameters());
        Assert.True(report.AllToAll!.Matching.Detected);
        Assert.Equal(8.7, report.AllToAll.MaskL1);
    }

    [Fact]
    public void AnAllToAllRowThatNeverReachedItsGoalFlagsNothing()
    {
        var row = new AllToAllReversal([], [], 300, 0.4, Reached: false, Cost: 0.01, Epochs: 60,
            Enumerable.Range(0, 10).Select(o => (IReadOnlyList<int>)Enumerable.Range(0, 10).Select(c => c == (o + 1) % 10 ? 90 : c == o ? 10 : 0).ToArray()).ToArray());

        var decision = NeuralCleanseRule.Decide(Triggers(CleanModel), new NeuralCleanseParameters(), allToAll: row);

        Assert.False(decision.AllToAll.Detected);
        Assert.Empty(decision.SuspiciousClasses);
        Assert.Contains("no trigger sent enough images away", decision.Explanation);
    }

    private static NeuralCleanseTrigger[] Triggers(double[] norms, Func<int, double>? heldOut = null) =>
        norms.Select((n, label) => new NeuralCleanseTrigger(label, [], [], n, 0.99, Reached: true, Cost: 0.01, Epochs: 30)
        {
            HeldOutAttackSuccess = heldOut?.Invoke(label) ?? 0.97,
        }).ToArray();
}
