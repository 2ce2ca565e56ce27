using Aegis.Core.Statistics;

namespace Aegis.Core.Tests.Statistics;

public sealed class NelderMeadTests
{
    [Fact]
    public void FindsTheRosenbrockMinimumAsSciPyDoes()
    {
        // scipy.optimize.fmin(rosen, [-1.2, 1.0]) → [1.00002202, 1.00004222]
        var x = NelderMead.Minimize(v => 100 * Math.Pow(v[1] - v[0] * v[0], 2) + Math.Pow(1 - v[0], 2), [-1.2, 1.0]);

        Assert.Equal(1.00002202, x[0], 1e-7);
        Assert.Equal(1.00004222, x[1], 1e-7);
    }

    [Fact]
    public void AStartAtZeroStillMoves()
    {
        var x = NelderMead.Minimize(v => Math.Pow(v[0] - 3, 2), [0.0]);

        Assert.Equal(3, x[0], 1e-3);
    }
}
