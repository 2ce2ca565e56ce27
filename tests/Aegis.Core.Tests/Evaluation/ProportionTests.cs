using Aegis.Core.Evaluation;

namespace Aegis.Core.Tests.Evaluation;

public sealed class ProportionTests
{
    [Fact]
    public void NoneOfThirtyAllowsUpToOneMinusThe30thRootOf0025()
    {
        var none = new Proportion(0, 30);

        Assert.Equal(0, none.Rate);
        Assert.Equal(0, none.Lower);
        Assert.Equal(1 - Math.Pow(0.025, 1 / 30.0), none.Upper!.Value, 9);
        Assert.Equal(0.1157, none.Upper!.Value, 4);
    }

    [Fact]
    public void AllOfThirtyMirrorsNone()
    {
        var all = new Proportion(30, 30);

        Assert.Equal(Math.Pow(0.025, 1 / 30.0), all.Lower!.Value, 9);
        Assert.Equal(1, all.Upper);
    }

    [Fact]
    public void FiveOfTenHasTheTabulatedExactInterval()
    {
        var half = new Proportion(5, 10);

        Assert.Equal(0.1871, half.Lower!.Value, 4);
        Assert.Equal(0.8129, half.Upper!.Value, 4);
    }

    [Fact]
    public void NothingCountedHasNoRate()
    {
        var empty = new Proportion(0, 0);

        Assert.Null(empty.Rate);
        Assert.Null(empty.Lower);
        Assert.Null(empty.Upper);
    }

    [Fact]
    public void TheConformalBoundOfARuleThatFlaggedNoneOf19Is5Percent()
    {
        Assert.Equal(0.05, new RuleFalseAlarms(0, 19).ConformalBound, 12);
        Assert.Equal(2 / 31.0, new RuleFalseAlarms(1, 30).ConformalBound, 12);
    }
}
