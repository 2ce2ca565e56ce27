using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Detection;

public sealed class ScanParameterLimitsTests
{
    [Fact]
    public void ThePapersDefaultsAreValid() => Assert.Empty(new ScanParameters().Validate());

    public static TheoryData<ScanParameters, string> Invalid => new()
    {
        { new ScanParameters { Seeds = 0 }, "seeds" },
        { new ScanParameters { Seeds = 1_000_000 }, "seeds" },
        { new ScanParameters { Steps = 0 }, "steps" },
        { new ScanParameters { StepSize = double.NaN }, "stepSize" },
        { new ScanParameters { Epsilon = double.PositiveInfinity }, "epsilon" },
        { new ScanParameters { CleanPerClass = 1 }, "cleanPerClass" },
        { new ScanParameters { Seeds = 10, CleanPerClass = 10, Perplexity = 30 }, "perplexity" },
        { new ScanParameters { Bandwidth = -1 }, "bandwidth" },
        { new ScanParameters { Rule = "vibes" }, "rule" },
        { new ScanParameters { AnomalyThreshold = 1e9 }, "anomalyThreshold" },
        { new ScanParameters { LandingLimit = 2 }, "landingLimit" },
        { new ScanParameters { BatchSize = 0 }, "batchSize" },
        { new ScanParameters { Classes = [] }, "classes" },
        { new ScanParameters { Classes = [3, 3] }, "classes" },
        { new ScanParameters { Classes = [-1] }, "classes" },
        { new ScanParameters { Robustness = new RobustnessParameters { Samples = 0 } }, "robustness.samples" },
        { new ScanParameters { Robustness = new RobustnessParameters { MinRetainedAccuracy = 1.5 } }, "robustness.minRetainedAccuracy" },
        { new ScanParameters { Robustness = null! }, "robustness" },
        { new ScanParameters { InputGate = new InputGateParameters { Images = 0 } }, "inputGate.images" },
        { new ScanParameters { InputGate = new InputGateParameters { MaterialShift = 0 } }, "inputGate.materialShift" },
        { new ScanParameters { InputGate = new InputGateParameters { NullChangeRate = 1 } }, "inputGate.nullChangeRate" },
        { new ScanParameters { InputGate = new InputGateParameters { Significance = 0.5 } }, "inputGate.significance" },
        { new ScanParameters { InputGate = null! }, "inputGate" },
        { new ScanParameters { Trigger = new TriggerProbeParameters { MaskFraction = 0 } }, "trigger.maskFraction" },
        { new ScanParameters { Trigger = new TriggerProbeParameters { MinGroupFraction = -0.1 } }, "trigger.minGroupFraction" },
        { new ScanParameters { Trigger = new TriggerProbeParameters { ProbesPerClass = 0 } }, "trigger.probesPerClass" },
        { new ScanParameters { Trigger = new TriggerProbeParameters { FlipThreshold = 1 } }, "trigger.flipThreshold" },
        { new ScanParameters { Trigger = new TriggerProbeParameters { NullFlipRate = 0 } }, "trigger.nullFlipRate" },
        { new ScanParameters { Trigger = new TriggerProbeParameters { Significance = 0.5 } }, "trigger.significance" },
        { new ScanParameters { Runs = 0 }, "runs" },
        { new ScanParameters { Runs = 11 }, "runs" },
        { new ScanParameters { Trigger = null! }, "trigger" },
        { new ScanParameters { Detector = "strings" }, "detector" },
        { new ScanParameters { NeuralCleanse = null! }, "neuralCleanse" },
        { new ScanParameters { NeuralCleanse = new NeuralCleanseParameters { Images = 0 } }, "neuralCleanse.images" },
        { new ScanParameters { NeuralCleanse = new NeuralCleanseParameters { MaxEpochs = 1_000_000 } }, "neuralCleanse.maxEpochs" },
        { new ScanParameters { NeuralCleanse = new NeuralCleanseParameters { FalseAlarmRate = double.NaN } }, "neuralCleanse.falseAlarmRate" },
        { new ScanParameters { NeuralCleanse = new NeuralCleanseParameters { Rule = "largest" } }, "neuralCleanse.rule" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void EachProblemNamesItsField(ScanParameters parameters, string field)
    {
        var problems = parameters.Validate();

        var problem = Assert.Single(problems);
        Assert.StartsWith(field + " ", problem);
    }

    [Fact]
    public void EnsureValidThrowsAnInvalidParametersFailureListingEveryProblem()
    {
        var failure = Assert.Throws<ScanFailureException>(() => new ScanParameters { Seeds = 0, Steps = 0 }.EnsureValid());

        Assert.Equal(ErrorCodes.InvalidParameters, failure.Code);
        Assert.Contains("seeds", failure.Message);
        Assert.Contains("steps", failure.Message);
    }
}
