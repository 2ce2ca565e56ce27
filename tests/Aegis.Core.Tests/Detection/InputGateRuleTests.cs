using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using MathNet.Numerics.Distributions;

namespace Aegis.Core.Tests.Detection;

public sealed class InputGateRuleTests
{
    private const int Images = 500, Classes = 3;
    private static readonly InputGateParameters Defaults = new();

    [Fact]
    public void TheLineIsTheLargestChangeRateTheBinomialTestDoesNotReject()
    {
        double line = Defaults.ThresholdFor(Images);
        int allowed = (int)Math.Round(line * Images);

        Assert.True(1 - Binomial.CDF(Defaults.NullChangeRate, Images, allowed) <= Defaults.Significance);
        Assert.True(1 - Binomial.CDF(Defaults.NullChangeRate, Images, allowed - 1) > Defaults.Significance);
        Assert.Equal(0.026, line, 10);
    }

    [Fact]
    public void AModelThatAnswersAlikeIsNotGated()
    {
        var report = InputGateRule.Judge(Probe((_, _) => false), Finite(), Images, Classes, Defaults);

        Assert.False(report.Gated);
        Assert.Equal(InputGateVariants.All, report.Changes.Select(c => c.Name));
        Assert.All(report.Changes, c => Assert.Equal(0, c.Changed));
        Assert.All(report.Changes, c => Assert.True(c.Margin < 0));
    }

    [Theory]
    [InlineData(13, false)] // exactly the line (0.026) is not above it
    [InlineData(14, true)]
    public void AnswersChangedUnderOneChangeAreJudgedAgainstTheLine(int flipped, bool gated)
    {
        int variant = InputGateVariants.All.ToList().IndexOf(InputGateVariants.OneAtATime);

        var report = InputGateRule.Judge(Probe((v, n) => v == variant && n < flipped), Finite(), Images, Classes, Defaults);

        Assert.Equal(gated, report.Gated);
        var change = report.Changes.Single(c => c.Name == InputGateVariants.OneAtATime);
        Assert.Equal(flipped, change.Changed);
        Assert.Equal(flipped, change.DecisionsChanged);
        Assert.Equal(gated, change.Flagged);
        Assert.All(report.Changes.Where(c => c.Name != InputGateVariants.OneAtATime), c => Assert.Equal(0, c.Changed));
        Assert.Equal(gated, report.Explanation.StartsWith("Input-gated", StringComparison.Ordinal));
    }

    [Fact]
    public void ASoftmaxThatMovesMateriallyCountsAsAChangedAnswerWithoutADecisionChanging()
    {
        // Every reference answer is class 0 with logits (2, 0, 0) (p ≈ 0.79); the noisy answer (1, 0, 0) keeps
        // the decision but moves the softmax by about 0.21 in total variation.
        var logits = Probe((_, _) => false);
        int variant = InputGateVariants.All.ToList().IndexOf(InputGateVariants.SubQuantumNoise);
        for (int n = 0; n < 50; n++)
            logits[((1 + variant) * Images + n) * Classes] = 1f;

        var report = InputGateRule.Judge(logits, Finite(), Images, Classes, Defaults);

        var change = report.Changes[variant];
        Assert.True(report.Gated);
        Assert.Equal(50, change.Changed);
        Assert.Equal(0, change.DecisionsChanged);
        Assert.InRange(change.LargestShift, 0.2, 0.22);
        // With a larger material shift the same answers count as unchanged.
        Assert.False(InputGateRule.Judge(logits, Finite(), Images, Classes, Defaults with { MaterialShift = 0.3 }).Gated);
    }

    [Fact]
    public void ADecisionTippedOnATieIsNotAChangedAnswer()
    {
        // Reference (2, 1.999, 0) calls class 0, the noisy (1.999, 2, 0) class 1; the softmax barely moves.
        var logits = Probe((_, _) => false);
        int variant = InputGateVariants.All.ToList().IndexOf(InputGateVariants.SubQuantumNoise);
        for (int n = 0; n < 100; n++)
        {
            for (int v = 0; v <= InputGateVariants.All.Count; v++)
                logits[(v * Images + n) * Classes + 1] = 1.999f;
            int row = (1 + variant) * Images + n;
            logits[row * Classes] = 1.999f;
            logits[row * Classes + 1] = 2f;
        }

        var report = InputGateRule.Judge(logits, Finite(), Images, Classes, Defaults);

        Assert.False(report.Gated);
        Assert.Equal(100, report.Changes[variant].DecisionsChanged);
        Assert.Equal(0, report.Changes[variant].Changed);
        Assert.True(report.Changes[variant].LargestShift < 0.001);
    }

    [Fact]
    public void AnAnswerThatIsNotFiniteIsAChangedAnswer()
    {
        var finite = Finite();
        int variant = InputGateVariants.All.ToList().IndexOf(InputGateVariants.Duplicated);
        for (int n = 0; n < 20; n++)
            finite[(1 + variant) * Images + n] = 0;

        var report = InputGateRule.Judge(Probe((_, _) => false), finite, Images, Classes, Defaults);

        Assert.True(report.Gated);
        Assert.Equal(20, report.Changes[variant].Changed);
        Assert.Equal(1, report.Changes[variant].LargestShift);
    }

    [Fact]
    public void ReferenceRowsMustBeFiniteAndShapesMustMatch()
    {
        var finite = Finite();
        finite[3] = 0;
        Assert.Throws<ArgumentException>(() => InputGateRule.Judge(Probe((_, _) => false), finite, Images, Classes, Defaults));
        Assert.Throws<ArgumentException>(() => InputGateRule.Judge(Probe((_, _) => false).AsSpan(1), Finite(), Images, Classes, Defaults));
    }

    [Fact]
    public void AGatedModelHasNoDetectorAndABackdooredVerdictWithTheReason()
    {
        var logits = Probe((v, n) => v == 0 && n < 100);
        var report = InputGateRule.Judge(logits, Finite(), Images, Classes, Defaults);
        var robust = new RobustnessReport { CleanAccuracy = 0.8, AdversarialAccuracy = 0.6, Robust = true, Samples = 100, Epsilon = 1.5, Steps = 10, Norm = "L2" };

        Assert.Null(Detectors.Choose(Detectors.Auto, robust, report));
        Assert.Null(Detectors.Choose(Detectors.NeuralCleanse, robust, report));
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Auto, robust, report with { Gated = false }));

        var verdict = VerdictBuilder.InputGated(new ScanOutcome
        {
            Model = new ModelInfo("m", "00", "torchscript"),
            Dataset = new DatasetInfo("fashion-mnist", "data"),
            Parameters = new ScanParameters(),
            InputGate = report,
        });
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal(InputGateRule.Reason, verdict.Decision!.Reason);
        Assert.Equal(InputGateRule.Name, verdict.Decision.Rule);
        Assert.Null(verdict.Detector);
        Assert.Same(report, verdict.InputGate);
        Assert.Contains("sub-quantum-noise: 100 of 500", verdict.Decision.Explanation);
        // The score is the most changed answers beyond the line, in units of the line; above 0 means flagged.
        Assert.Equal((100.0 / Images - report.Threshold) / report.Threshold, verdict.Score!.Value, 9);
        Assert.True(verdict.Probability > 0.5, $"probability {verdict.Probability}");
        Assert.Equal("uncalibrated", verdict.Calibration);
        Assert.Throws<ArgumentException>(() => VerdictBuilder.InputGated(new ScanOutcome
        {
            Model = new ModelInfo("m", "00", "torchscript"),
            Dataset = new DatasetInfo("fashion-mnist", "data"),
            Parameters = new ScanParameters(),
            InputGate = report with { Gated = false },
        }));
    }

    /// <summary>Reference answers (2, 0, 0); under change v, image n answers (0, 2, 0) when <paramref name="flip"/>(v, n).</summary>
    private static float[] Probe(Func<int, int, bool> flip)
    {
        int variants = InputGateVariants.All.Count;
        var logits = new float[(1 + variants) * Images * Classes];
        for (int row = 0; row < (1 + variants) * Images; row++)
        {
            int v = row / Images - 1, n = row % Images;
            logits[row * Classes + (v >= 0 && flip(v, n) ? 1 : 0)] = 2f;
        }
        return logits;
    }

    private static int[] Finite() => Enumerable.Repeat(1, (1 + InputGateVariants.All.Count) * Images).ToArray();
}
