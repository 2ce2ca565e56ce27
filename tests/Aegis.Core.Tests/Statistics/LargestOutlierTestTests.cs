using Aegis.Core.Statistics;

namespace Aegis.Core.Tests.Statistics;

/// <summary>
/// MM-BD's test against SciPy 1.10.1 (Debian's python3-scipy), computed as <c>univ_bd.py</c> does:
/// <code>
/// from scipy.stats import gamma; import numpy as np
/// stats = np.array([...]); i = np.argmax(stats); null = np.delete(stats, i)
/// a, loc, scale = gamma.fit(null)
/// pv = 1 - pow(gamma.cdf(stats[i], a=a, loc=loc, scale=scale), len(null) + 1)
/// </code>
/// </summary>
public sealed class LargestOutlierTestTests
{
    private static readonly double[] Nine = [3.1, 4.2, 2.7, 5.0, 3.8, 4.4, 3.3, 2.9, 4.0];

    [Fact]
    public void TheGammaFitIsSciPys()
    {
        var fitted = GammaFit.Fit(Nine);

        // gamma.fit(null) → (0.8776983312643352, 2.6994283600240125, 0.9126361376253049)
        Assert.Equal(0.8776983312643352, fitted.Shape, 1e-6);
        Assert.Equal(2.6994283600240125, fitted.Location, 1e-6);
        Assert.Equal(0.9126361376253049, fitted.Scale, 1e-6);
    }

    [Fact]
    public void TheStartIsSciPysFitStart()
    {
        // gamma._fitstart(null) → (82.6179831326716, -2.849601444474715, 0.07941022410399858)
        var start = GammaFit.Start(Nine);

        Assert.Equal(82.6179831326716, start[0], 1e-9);
        Assert.Equal(-2.849601444474715, start[1], 1e-9);
        Assert.Equal(0.07941022410399858, start[2], 1e-9);
    }

    [Fact]
    public void AnOutlierGetsSciPysSmallPValue()
    {
        var result = LargestOutlierTest.Run([.. Nine, 12.5]);

        Assert.Equal(9, result.Index);
        Assert.Equal(12.5, result.Largest);
        // pv = 0.00014764602249417447
        Assert.Equal(0.00014764602249417447, result.PValue, 1e-8);
    }

    [Fact]
    public void ALargestThatFitsTheNullIsNotSignificant()
    {
        var result = LargestOutlierTest.Run([.. Nine, 5.3]);

        // pv = 0.3710083319706463
        Assert.Equal(0.3710083319706463, result.PValue, 1e-6);
        Assert.True(result.PValue > 0.05);
    }

    [Fact]
    public void TheLargestIsFoundWhereverItIs()
    {
        // [10.0, 11.5, 9.2, 12.8, 10.7, 13.9, 9.9, 11.1, 10.3, 30.0] reordered: fit (0.8178903252752221, 9.199999999999998, 2.4064290690686785), pv = 0.001019717758228067
        var result = LargestOutlierTest.Run([10.0, 30.0, 11.5, 9.2, 12.8, 10.7, 13.9, 9.9, 11.1, 10.3]);

        Assert.Equal(1, result.Index);
        // The fit's location lands on the smallest point, where a shape below 1 makes the likelihood unbounded: both simplexes
        // stop on that ridge a rounding apart (shape 0.81813 here), so this case matches SciPy to 3e-4 in shape and 0.3% in p.
        Assert.Equal(9.2, result.Null.Location, 1e-9);
        Assert.Equal(0.8178903252752221, result.Null.Shape, 3e-4);
        Assert.Equal(0.001019717758228067, result.PValue, 3e-6);
    }

    [Fact]
    public void AFarOutlierKeepsAPositivePValue()
    {
        // 1 − F^K rounds to 0 in doubles; the survival form keeps the tail.
        var result = LargestOutlierTest.Run([.. Nine, 400]);

        Assert.InRange(result.PValue, double.Epsilon, 1e-20);
    }

    [Fact]
    public void TooFewStatisticsAreRefused() =>
        Assert.Throws<ArgumentException>(() => LargestOutlierTest.Run([1.0, 2.0]));
}
