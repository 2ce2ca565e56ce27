using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class RunMajorityTests
{
    [Fact]
    public void AClassIsSuspiciousWhenMoreThanHalfTheRunsFlagIt()
    {
        var decision = RunMajority.Combine([Run(7), Run(7, 2), Run()]);

        Assert.Equal([7], decision.SuspiciousClasses);
        Assert.Equal(3, decision.Runs);
        Assert.Equal(2, decision.RunsFlagging[7]);
        Assert.Equal(1, decision.RunsFlagging[2]);
        Assert.Equal(0, decision.RunsFlagging[5]);
        Assert.StartsWith("Decided over 3 runs", decision.Explanation);
    }

    [Fact]
    public void AnEvenSplitIsNotAMajority()
    {
        Assert.Empty(RunMajority.Combine([Run(4), Run()]).SuspiciousClasses);
    }

    [Fact]
    public void ASingleRunIsItsOwnDecision()
    {
        var run = Run(3);

        Assert.Same(run, RunMajority.Combine([run]));
        Assert.Throws<ArgumentException>(() => RunMajority.Combine([]));
    }

    private static Decision Run(params int[] flagged) => new()
    {
        Rule = DecisionRules.Trigger,
        SuspiciousClasses = flagged,
        PaperRuleClasses = [],
        ShiftRuleClasses = [],
        AnomalyIndex = Enumerable.Range(0, 10).ToDictionary(l => l, _ => 0.0),
        Explanation = "Trigger rule.",
    };
}
