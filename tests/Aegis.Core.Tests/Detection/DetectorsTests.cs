using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Detection;

public sealed class DetectorsTests
{
    private static RobustnessReport Check(bool robust, bool forced = false) => new()
    {
        CleanAccuracy = 0.9,
        AdversarialAccuracy = robust ? 0.7 : 0.01,
        Robust = robust,
        Forced = forced,
        Samples = 100,
        Epsilon = 1.5,
        Steps = 5,
        Norm = "L2",
    };

    [Fact]
    public void AutoRunsAegisOnRobustModelsAndNeuralCleanseOnTheOthers()
    {
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Auto, Check(robust: true)));
        Assert.Equal(Detectors.NeuralCleanse, Detectors.Choose(Detectors.Auto, Check(robust: false)));
    }

    [Fact]
    public void WithoutAPreCheckOrWithForceAutoMeansAegis()
    {
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Auto, null));
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Auto, Check(robust: false, forced: true)));
    }

    [Fact]
    public void AegisOnAModelThatIsNotRobustHasNoDetectorLeft()
    {
        Assert.Null(Detectors.Choose(Detectors.Aegis, Check(robust: false)));
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Aegis, Check(robust: true)));
    }

    [Fact]
    public void NeuralCleanseRunsWhateverThePreCheckSays()
    {
        Assert.Equal(Detectors.NeuralCleanse, Detectors.Choose(Detectors.NeuralCleanse, Check(robust: true)));
        Assert.Equal(Detectors.NeuralCleanse, Detectors.Choose(Detectors.NeuralCleanse, null));
    }

    [Fact]
    public void AnUnknownDetectorIsRefused() =>
        Assert.Throws<ArgumentException>(() => Detectors.Choose("strings", null));
}
