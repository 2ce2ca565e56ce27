using System.Text;
using Aegis.Core.Detection;

namespace Aegis.Core.Tests.Detection;

public sealed class ScoreCalibrationTests
{
    [Fact]
    public void EveryDetectorHasACalibrationWhoseProbabilityRisesWithTheScore()
    {
        foreach (var detector in new[] { Detectors.Aegis, Detectors.NeuralCleanse })
        {
            var calibration = ScoreCalibration.For(detector);

            Assert.Equal(detector, calibration.Detector);
            Assert.True(calibration.Probability(-1) < calibration.Probability(0));
            Assert.True(calibration.Probability(0) < calibration.Probability(1));
        }
    }

    [Fact]
    public void TheShippedCalibrationsWereFittedOnModelsOfBothKinds()
    {
        foreach (var detector in new[] { Detectors.Aegis, Detectors.NeuralCleanse })
        {
            var calibration = ScoreCalibration.For(detector);

            Assert.NotEqual("uncalibrated", calibration.Name);
            Assert.True(calibration.CleanModels > 0 && calibration.BackdooredModels > 0);
            Assert.Equal(calibration.CleanModels + calibration.BackdooredModels, calibration.Models.Count);
        }
    }

    [Fact]
    public void NoCalibrationWasFittedOnAModelOfTheEvaluationSet()
    {
        var evaluationSet = File.ReadLines(Recipes()).Select(line => line.Split(',')).Where(f => f[0] == "evaluation").Select(f => f[2]).ToHashSet();

        Assert.NotEmpty(evaluationSet);
        foreach (var detector in new[] { Detectors.Aegis, Detectors.NeuralCleanse })
            Assert.DoesNotContain(ScoreCalibration.For(detector).Models, evaluationSet.Contains);
    }

    /// <summary>tools/evaluation-set/recipes.csv of this checkout, found by walking up from the test binaries.</summary>
    private static string Recipes()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string path = Path.Combine(directory.FullName, "tools", "evaluation-set", "recipes.csv");
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException("tools/evaluation-set/recipes.csv not found above the test binaries.");
    }

    [Fact]
    public void ACalibrationReadsBackAsWrittenAndAFallingOneIsRefused()
    {
        var calibration = new ScoreCalibration { Name = "test", Detector = Detectors.Aegis, Description = "d", Slope = 4, Intercept = -1 };

        var read = ScoreCalibration.Read(new MemoryStream(Encoding.UTF8.GetBytes(ScoreCalibration.Serialize(calibration))), "test");

        Assert.Equal(calibration.Probability(0.3), read.Probability(0.3));
        Assert.Equal(1 / (1 + Math.Exp(1)), read.Probability(0), 12);
        var falling = ScoreCalibration.Serialize(calibration with { Slope = -2 });
        Assert.Throws<InvalidDataException>(() => ScoreCalibration.Read(new MemoryStream(Encoding.UTF8.GetBytes(falling)), "falling"));
    }
}
