using Aegis.Core.Detection;
using Aegis.Pipeline.Policy;

namespace Aegis.Pipeline.Tests.Policy;

public sealed class ScanPolicyTests
{
    private static readonly ScanParameters Server = new() { Seeds = 200 };

    [Fact]
    public void WithoutOverridesTheServerPolicyRunsAndMayPromote()
    {
        var resolved = ScanPolicy.Resolve(Server, null, null, "models/m.pt.aegis.json");
        Assert.Same(Server, resolved.Parameters);
        Assert.Null(resolved.AdvisoryReason);
    }

    [Fact]
    public void OverridesEqualToThePolicyAreNotAdvisory()
    {
        Assert.Null(ScanPolicy.Resolve(Server, null, Server with { }, "s").AdvisoryReason);
    }

    [Fact]
    public void ASidecarThatWeakensTheScanMakesItAdvisoryNamingWhatDiffers()
    {
        var weak = Server with { AnomalyThreshold = 1e9, Robustness = new RobustnessParameters { Enabled = false } };
        var resolved = ScanPolicy.Resolve(Server, null, weak, "models/m.pt.aegis.json");
        Assert.Same(weak, resolved.Parameters);
        Assert.Contains("models/m.pt.aegis.json", resolved.AdvisoryReason);
        Assert.Contains("anomalyThreshold", resolved.AdvisoryReason);
        Assert.Contains("robustness.enabled", resolved.AdvisoryReason);
        Assert.DoesNotContain("seeds", resolved.AdvisoryReason);
    }

    [Fact]
    public void TheCallerWinsOverTheSidecarAndOneClassIsAdvisory()
    {
        var resolved = ScanPolicy.Resolve(Server, Server with { Classes = [0] }, Server with { Seeds = 1 }, "s");
        Assert.Equal([0], resolved.Parameters.Classes);
        Assert.Contains("the API caller", resolved.AdvisoryReason);
        Assert.Contains("classes", resolved.AdvisoryReason);
    }
}
