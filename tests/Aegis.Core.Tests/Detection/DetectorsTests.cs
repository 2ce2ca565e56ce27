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
    public void Auto_runs_aegis_on_robust_models_and_neural_cleanse_on_the_others()
    {
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Auto, Check(robust: true)));
        Assert.Equal(Detectors.NeuralCleanse, Detectors.Choose(Detectors.Auto, Check(robust: false)));
    }

    [Fact]
    public void Without_a_pre_check_or_with_force_auto_means_aegis()
    {
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Auto, null));
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Auto, Check(robust: false, forced: true)));
    }

    [Fact]
    public void Aegis_on_a_model_that_is_not_robust_has_no_detector_left()
    {
        Assert.Null(Detectors.Choose(Detectors.Aegis, Check(robust: false)));
        Assert.Equal(Detectors.Aegis, Detectors.Choose(Detectors.Aegis, Check(robust: true)));
    }

    [Fact]
    public void Neural_cleanse_runs_whatever_the_pre_check_says()
    {
        Assert.Equal(Detectors.NeuralCleanse, Detectors.Choose(Detectors.NeuralCleanse, Check(robust: true)));
        Assert.Equal(Detectors.NeuralCleanse, Detectors.Choose(Detectors.NeuralCleanse, null));
    }

    [Fact]
    public void An_unknown_detector_is_refused() =>
        Assert.Throws<ArgumentException>(() => Detectors.Choose("strings", null));
}
