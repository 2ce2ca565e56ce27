using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class NeuralCleanseThresholdTests
{
    [Fact]
    public void TenNormalClassesPassTheThresholdByChanceAtTheStatedRate()
    {
        double threshold = NeuralCleanseThreshold.ForFalseAlarmRate(10, 0.05);

        // An independent simulation (other generator, other seed) exceeds it in about 5% of models.
        var random = new Random(12345);
        int trials = 20_000, exceeded = 0;
        for (int t = 0; t < trials; t++)
        {
            var values = Enumerable.Range(0, 10).Select(_ => Normal(random)).ToArray();
            if (-RobustZScore.Compute(values).Min() > threshold)
                exceeded++;
        }
        Assert.InRange(exceeded / (double)trials, 0.04, 0.06);
        Assert.InRange(threshold, 3.5, 4.3);
    }

    [Fact]
    public void ALowerFalseAlarmRateOrMoreClassesNeedOtherThresholdsAsExpected()
    {
        Assert.True(NeuralCleanseThreshold.ForFalseAlarmRate(10, 0.01) > NeuralCleanseThreshold.ForFalseAlarmRate(10, 0.05));
        // More classes: the MAD is steadier, so the bound drops toward the normal's own extreme.
        Assert.True(NeuralCleanseThreshold.ForFalseAlarmRate(43, 0.05) < NeuralCleanseThreshold.ForFalseAlarmRate(10, 0.05));
        Assert.Equal(NeuralCleanseThreshold.ForFalseAlarmRate(10, 0.05), NeuralCleanseThreshold.ForFalseAlarmRate(10, 0.05));
    }

    [Fact]
    public void NonsenseArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralCleanseThreshold.ForFalseAlarmRate(1, 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralCleanseThreshold.ForFalseAlarmRate(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralCleanseThreshold.ForFalseAlarmRate(10, 1));
    }

    private static double Normal(Random random)
    {
        // Marsaglia's polar method, unlike the Box–Muller of the code under test.
        while (true)
        {
            double u = 2 * random.NextDouble() - 1, v = 2 * random.NextDouble() - 1, s = u * u + v * v;
            if (s is > 0 and < 1)
                return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }
}
