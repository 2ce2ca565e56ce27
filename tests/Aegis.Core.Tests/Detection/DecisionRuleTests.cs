using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class DecisionRuleTests
{
    private static readonly double[] OrdinaryShifts = [1.57, 1.27, 1.29, 0.96, 0.83, 1.46, 0.63, 1.10, 0.85, 1.09];

    private static readonly ScanParameters ShiftRule = new() { Rule = DecisionRules.Shift };
    private static readonly ScanParameters TriggerRule = new() { Rule = DecisionRules.Trigger };

    [Fact]
    public void TriggerRuleFlagsAClassWhosePatchMovesMostOtherClasses()
    {
        // Class 5 (sandals) as the target: its shift is ordinary for sandals and its translations land at home,
        // yet its patch moves most images of other classes; class 8's patch moves a little.
        var classes = WithFlips(Classes(OrdinaryShifts, landing: _ => 0.99), flip: i => i switch { 5 => 0.56, 8 => 0.08, _ => 0.0 });

        var decision = DecisionRule.Decide(classes, TriggerRule);

        Assert.Equal(DecisionRules.Trigger, decision.Rule);
        Assert.Equal([5], decision.SuspiciousClasses);
        Assert.Equal([5], decision.TriggerRuleClasses);
        Assert.Empty(decision.ShiftRuleClasses);
        Assert.Contains("Trigger rule", decision.Explanation);
    }

    [Fact]
    public void TriggerRuleKeepsAClassBothShiftConditionsFlagEvenWhenItsPatchMovesNothing()
    {
        // A blended trigger: no small patch carries it, but the translations show it.
        var classes = WithFlips(Classes(OrdinaryShifts.Select((s, i) => i == 7 ? 3.75 : s).ToArray(), landing: i => i == 7 ? 0.05 : 0.97), flip: _ => 0.02);

        var decision = DecisionRule.Decide(classes, TriggerRule);

        Assert.Equal([7], decision.SuspiciousClasses);
        Assert.Empty(decision.TriggerRuleClasses);
        Assert.Equal([7], decision.ShiftRuleClasses);
    }

    [Fact]
    public void TriggerRuleDoesNotFlagAnOutlyingShiftThatLandsAtHomeWhenItsPatchMovesNothing()
    {
        // Class 9 of a clean model: translated far, but into its own region, and its patch is inert.
        var classes = WithFlips(Classes(OrdinaryShifts.Select((s, i) => i == 9 ? 5.0 : s).ToArray(), landing: _ => 1.0), flip: _ => 0.02);

        Assert.Empty(DecisionRule.Decide(classes, TriggerRule).SuspiciousClasses);
    }

    [Fact]
    public void TriggerThresholdIsExclusiveAndCanBeFixed()
    {
        double threshold = TriggerRule.Trigger.Threshold;
        var classes = WithFlips(Classes(OrdinaryShifts, landing: _ => 1.0), flip: i => i == 2 ? threshold : 0.0);

        Assert.Empty(DecisionRule.Decide(classes, TriggerRule).SuspiciousClasses);
        Assert.Equal([2], DecisionRule.Decide(classes, TriggerRule with { Trigger = new TriggerProbeParameters { FlipThreshold = threshold - 0.05 } }).SuspiciousClasses);
    }

    [Fact]
    public void WithoutAProbeTheShiftRuleDecidesAndTheVerdictSaysSo()
    {
        var classes = Classes(OrdinaryShifts.Select((s, i) => i == 7 ? 3.75 : s).ToArray(), landing: i => i == 7 ? 0.05 : 0.97);

        var decision = DecisionRule.Decide(classes, TriggerRule);

        Assert.Equal(DecisionRules.Shift, decision.Rule);
        Assert.Equal([7], decision.SuspiciousClasses);
        Assert.StartsWith("No trigger check ran", decision.Explanation);
    }

    [Fact]
    public void ShiftRuleFlagsAnOutlyingShiftWhoseTranslationsLandElsewhere()
    {
        var classes = Classes(OrdinaryShifts.Select((s, i) => i == 7 ? 3.75 : s).ToArray(), landing: i => i == 7 ? 0.05 : 0.97);

        var decision = DecisionRule.Decide(classes, ShiftRule);

        Assert.Equal([7], decision.SuspiciousClasses);
        Assert.Equal([7], decision.ShiftRuleClasses);
        Assert.True(decision.AnomalyIndex[7] > 3);
        Assert.True(decision.Backdoored);
    }

    [Fact]
    public void AnOutlyingShiftWhoseTranslationsLandAtHomeIsNotFlagged()
    {
        // A class that translation moves far (sandals from clothing seeds) but still into its own region.
        var classes = Classes(OrdinaryShifts.Select((s, i) => i == 5 ? 3.75 : s).ToArray(), landing: _ => 0.98);

        var decision = DecisionRule.Decide(classes, ShiftRule);

        Assert.Empty(decision.SuspiciousClasses);
        Assert.True(decision.AnomalyIndex[5] > 3);
    }

    [Fact]
    public void TranslationsLandingElsewhereWithoutAnOutlyingShiftAreNotFlagged()
    {
        var classes = Classes(OrdinaryShifts, landing: i => i == 6 ? 0.45 : 1.0);

        Assert.Empty(DecisionRule.Decide(classes, ShiftRule).SuspiciousClasses);
    }

    [Fact]
    public void WithoutCentroidsTheShiftAloneDecides()
    {
        var classes = Classes(OrdinaryShifts.Select((s, i) => i == 2 ? 4.0 : s).ToArray(), landing: _ => null);

        Assert.Equal([2], DecisionRule.Decide(classes, ShiftRule).SuspiciousClasses);
    }

    [Fact]
    public void PaperRuleFlagsClassesWithMoreThanTwoClusters()
    {
        var classes = Classes(OrdinaryShifts, landing: _ => 1.0, clusters: i => i is 3 or 8 ? 3 : 2);

        var decision = DecisionRule.Decide(classes, new ScanParameters { Rule = DecisionRules.Paper });

        Assert.Equal([3, 8], decision.SuspiciousClasses);
        Assert.Equal([3, 8], decision.PaperRuleClasses);
        Assert.Empty(decision.ShiftRuleClasses);
    }

    [Fact]
    public void TooFewClassesForTheShiftRuleFlagNothingAndSaySo()
    {
        var classes = Classes([1.0, 5.0, 1.1], landing: _ => 0.0);

        var decision = DecisionRule.Decide(classes, ShiftRule);

        Assert.Empty(decision.SuspiciousClasses);
        Assert.Contains("at least 4 classes", decision.Explanation);
    }

    [Fact]
    public void UnknownRuleIsRejected()
    {
        Assert.Throws<ArgumentException>(() => DecisionRule.Decide(Classes(OrdinaryShifts, _ => 1.0), new ScanParameters { Rule = "vibes" }));
    }

    private static ClassAnalysis[] WithFlips(ClassAnalysis[] classes, Func<int, double> flip) =>
        classes.Select(c => c with
        {
            Trigger = new TriggerEvidence
            {
                Flip = flip(c.Label),
                OverallFlip = flip(c.Label),
                OriginFlip = new Dictionary<int, double>(),
                Source = "all",
                Patch = new TriggerCandidate { Source = "all", Images = 1, Locations = [0], Pattern = [1f] },
                Candidates = 1,
                Probes = 450,
            },
        }).ToArray();

    private static ClassAnalysis[] Classes(double[] shifts, Func<int, double?> landing, Func<int, int>? clusters = null) =>
        shifts.Select((shift, label) => new ClassAnalysis
        {
            Label = label,
            TranslatedCount = 1,
            CleanCount = 1,
            Embedding = [0, 0, 1, 1],
            ClusterLabels = [0, 1],
            ClusterCount = clusters?.Invoke(label) ?? 2,
            Bandwidth = 1,
            Shift = shift,
            Landing = landing(label),
        }).ToArray();
}
