using Aegis.Core.Verdicts;

namespace Aegis.Sandbox.Tests;

/// <summary>Which isolation each mode gives on this machine (bubblewrap, Landlock and seccomp all work here, as on CI).</summary>
public sealed class IsolationPlanTests
{
    [Fact]
    public void AutoChoosesBubblewrapWithSeccompWhereItStarts()
    {
        var plan = IsolationPlan.Choose(IsolationMode.Auto);

        Assert.Equal(IsolationNames.Bubblewrap, plan.Name);
        Assert.Equal(["bubblewrap", "seccomp"], plan.Walls);
    }

    [Fact]
    public void ConfinedNamesItsLandlockAbi()
    {
        var plan = IsolationPlan.Choose(IsolationMode.Confined);

        Assert.Equal(IsolationNames.Confined, plan.Name);
        Assert.Equal(["landlock", "seccomp"], plan.Walls);
        Assert.InRange(plan.LandlockAbi ?? 0, 1, 7);
        Assert.Contains("as requested", plan.Note);
    }

    [Fact]
    public void ATrustedProcessHasNoWallsAndTheNoteSaysWhatThatMeans()
    {
        var plan = IsolationPlan.Choose(IsolationMode.TrustedProcess);

        Assert.Empty(plan.Walls);
        Assert.Contains("trusted", plan.Note);
        Assert.Contains("nothing kept it from the machine's files", plan.Note);
    }

    [Fact]
    public void TheNamesRoundTripAndTheOldPlainProcessIsGone()
    {
        foreach (var mode in Enum.GetValues<IsolationMode>())
            Assert.Equal(mode, IsolationNames.Parse(IsolationNames.Of(mode)));
        Assert.Throws<ArgumentException>(() => IsolationNames.Parse("process"));
    }

    [Fact]
    public void DescribeSaysWhatEachModeGivesHere()
    {
        Assert.StartsWith("bubblewrap (bubblewrap + seccomp)", SandboxIsolation.Describe(IsolationMode.Auto));
        Assert.Matches(@"^confined \(landlock ABI \d \+ seccomp\)$", SandboxIsolation.Describe(IsolationMode.Confined));
        Assert.DoesNotContain(ErrorCodes.SandboxUnavailable, SandboxIsolation.Describe(IsolationMode.Bubblewrap));
    }
}
