using Aegis.Core.Detection;
using MathNet.Numerics.Distributions;

namespace Aegis.Core.Tests.Detection;

public sealed class TriggerProbeParametersTests
{
    [Fact]
    public void DefaultThresholdIsTheLargestFlipRateTheBinomialTestDoesNotReject()
    {
        var parameters = new TriggerProbeParameters();
        int n = parameters.ProbesPerClass;
        int allowed = (int)Math.Round(parameters.Threshold * n);

        // More flips than the threshold allows are rarer than the significance level under the null rate...
        Assert.True(1 - Binomial.CDF(parameters.NullFlipRate, n, allowed) <= parameters.Significance);
        // ...and the threshold's own count is not.
        Assert.True(1 - Binomial.CDF(parameters.NullFlipRate, n, allowed - 1) > parameters.Significance);
        Assert.Equal(0.26, parameters.Threshold, 10);
    }

    [Fact]
    public void MoreProbesBringTheThresholdCloserToTheNullRate()
    {
        double few = TriggerProbeParameters.BinomialThreshold(20, 0.1, 0.001);
        double many = TriggerProbeParameters.BinomialThreshold(1000, 0.1, 0.001);

        Assert.True(few > many, $"{few} vs {many}");
        Assert.InRange(many, 0.1, 0.15);
    }

    [Fact]
    public void AFixedThresholdReplacesTheDerivedOne()
    {
        Assert.Equal(0.4, new TriggerProbeParameters { FlipThreshold = 0.4 }.Threshold);
    }
}
