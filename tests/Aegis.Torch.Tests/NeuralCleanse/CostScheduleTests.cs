using Aegis.Core.Detection;
using Aegis.Torch.NeuralCleanse;

namespace Aegis.Torch.Tests.NeuralCleanse;

public sealed class CostScheduleTests
{
    private static readonly NeuralCleanseParameters Options = new() { InitialCost = 1e-3, CostMultiplier = 1.5, Patience = 5, EarlyStopPatience = 10 };

    [Fact]
    public void CostRisesAfterPatienceSuccessfulEpochsAndFallsFasterAfterAsManyFailures()
    {
        var schedule = new CostSchedule(Options);
        for (int e = 0; e < 4; e++)
            schedule.Update(1.0, 50);
        Assert.Equal(1e-3, schedule.Cost, 12);
        schedule.Update(1.0, 50);
        Assert.Equal(1.5e-3, schedule.Cost, 12);

        for (int e = 0; e < 5; e++)
            schedule.Update(0.5, 40);
        Assert.Equal(1.5e-3 / Math.Pow(1.5, 1.5), schedule.Cost, 12);
    }

    [Fact]
    public void OnlyEpochsWithEnoughAttackSuccessCanSetTheBestMask()
    {
        var schedule = new CostSchedule(Options);

        Assert.False(schedule.Update(0.98, 10).Improved);
        Assert.True(schedule.Update(0.99, 30).Improved);
        Assert.False(schedule.Update(1.0, 31).Improved);
        Assert.True(schedule.Update(1.0, 29).Improved);
        Assert.Equal(29, schedule.BestNorm);
    }

    [Fact]
    public void AClassStopsOnlyAfterTheCostMovedBothWaysAndTheBestNormStalled()
    {
        var schedule = new CostSchedule(Options);
        // Successful epochs forever with a stalled norm: the cost only ever rises, so no stop.
        for (int e = 0; e < 40; e++)
            Assert.False(schedule.Update(1.0, 20).Stop);
        // Failures lower the cost once; from then on ten stalled epochs end the class.
        bool stopped = false;
        for (int e = 0; e < 5 && !stopped; e++)
            stopped = schedule.Update(0.5, 20).Stop;
        Assert.False(stopped);
        int more = 0;
        while (!schedule.Update(1.0, 20).Stop)
            more++;
        Assert.InRange(more, 0, 10);
        Assert.Equal(46 + more, schedule.Epochs);
    }

    [Fact]
    public void ImprovementsUnderOnePercentDoNotPostponeTheStop()
    {
        var slow = new CostSchedule(Options);
        var moving = new CostSchedule(Options);
        int slowEpochs = RunUntilStop(slow, e => 20 * Math.Pow(0.999, e));
        int movingEpochs = RunUntilStop(moving, e => 20 * Math.Pow(0.95, e));

        Assert.True(slowEpochs < movingEpochs, $"stalled norm stopped after {slowEpochs} epochs, shrinking norm after {movingEpochs}");
    }

    /// <summary>Alternates five successful and five failed epochs (the cost moves both ways) with the given norm per epoch.</summary>
    private static int RunUntilStop(CostSchedule schedule, Func<int, double> norm)
    {
        for (int e = 0; e < 500; e++)
        {
            if (schedule.Update(e / 5 % 2 == 0 ? 1.0 : 0.5, norm(e)).Stop)
                return schedule.Epochs;
        }
        return int.MaxValue;
    }
}
