using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Detection;

/// <summary>MM-BD's decision and verdict on constructed statistics (the test's numbers are SciPy's, see LargestOutlierTestTests).</summary>
public sealed class MmBdRuleTests
{
    private static readonly double[] Nine = [3.1, 4.2, 2.7, 5.0, 3.8, 4.4, 3.3, 2.9, 4.0];

    private static MmBdClass[] Classes(double last) =>
        [.. Nine.Append(last).Select((s, label) => new MmBdClass(label, s, 100))];

    [Fact]
    public void AnOutlyingMarginFlagsItsClassAndScoresAboveTheLine()
    {
        var report = MmBdRule.Decide(Classes(12.5), new MmBdParameters());

        Assert.Equal(9, report.FlaggedClass);
        Assert.Equal(0.00014764602249417447, report.PValue!.Value, 1e-8);
        Assert.Single(report.Classes, c => c.Suspicious);
        var verdict = VerdictBuilder.MmBdDetected(Outcome(), report);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([9], verdict.SuspiciousClasses);
        Assert.Equal(Detectors.MmBd, verdict.Detector);
        Assert.Equal(MmBdRule.Name, verdict.Decision!.Rule);
        // −log10(1.476e-4) = 3.831 against −log10(0.05) = 1.301.
        Assert.Equal((3.8308 - 1.30103) / 1.30103, verdict.Score!.Value, 1e-3);
        Assert.True(verdict.Probability > 0.5);
    }

    [Fact]
    public void AMarginInsideTheNullIsClean()
    {
        var report = MmBdRule.Decide(Classes(5.3), new MmBdParameters());

        Assert.Null(report.FlaggedClass);
        Assert.Equal(9, report.LargestClass);
        var verdict = VerdictBuilder.MmBdDetected(Outcome(), report);
        Assert.Equal(VerdictKinds.Clean, verdict.Verdict);
        Assert.Empty(verdict.SuspiciousClasses);
        Assert.True(verdict.Score < 0);
        Assert.True(verdict.Probability < 0.5);
    }

    [Fact]
    public void TheSignificanceIsTheLine()
    {
        // p = 0.371: flagged only when the line is above it.
        var report = MmBdRule.Decide(Classes(5.3), new MmBdParameters { Significance = 0.5 });

        Assert.Equal(9, report.FlaggedClass);
    }

    [Fact]
    public void TooFewClassesAreNotJudged()
    {
        var report = MmBdRule.Decide([new MmBdClass(0, 1, 1), new MmBdClass(1, 9, 1)], new MmBdParameters());

        Assert.Null(report.PValue);
        Assert.Null(report.FlaggedClass);
        Assert.Equal(ModelScore.Floor, ModelScore.MmBd(report.PValue, report.Significance));
    }

    [Theory]
    [InlineData(0.05, 0)]
    [InlineData(1.0, -1)]
    [InlineData(0.0025, 1)]
    public void TheScoreIsTheLogPValueInUnitsOfTheLine(double p, double score) =>
        Assert.Equal(score, ModelScore.MmBd(p, 0.05), 1e-9);

    [Fact]
    public void AnUnderflowedPValueStillScoresFinitely() =>
        Assert.True(double.IsFinite(ModelScore.MmBd(0, 0.05)));

    [Fact]
    public void OutOfRangeParametersAreProblems()
    {
        Assert.NotEmpty(new MmBdParameters { MaxSteps = 0 }.Problems());
        Assert.NotEmpty(new MmBdParameters { Significance = 1 }.Problems());
        Assert.NotEmpty(new ScanParameters { MmBd = new MmBdParameters { Images = 0 } }.Validate());
        Assert.Empty(new MmBdParameters().Problems());
    }

    private static ScanOutcome Outcome() => new()
    {
        Model = new ModelInfo("m", new string('0', 64), "torchscript"),
        Dataset = new DatasetInfo("d", "s"),
        Parameters = new ScanParameters { Detector = Detectors.MmBd },
    };
}
