using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tests.Verdicts;

public sealed class NeuralCleanseVerdictTests
{
    private static readonly ScanOutcome Outcome = new()
    {
        Model = new ModelInfo("m", "00", "torchscript"),
        Dataset = new DatasetInfo("fashion-mnist", "/data"),
        Parameters = new ScanParameters(),
    };

    // Clean-model sizes of Fashion-MNIST's classes (bags, 8, small by nature) with class 3's mask a tenth of its size.
    private static readonly double[] Sizes = [65.7, 56.3, 70.5, 7.0, 65.9, 86.7, 47.2, 140.1, 33.3, 92.9];

    [Fact]
    public void AFlaggedClassMakesABackdooredVerdictThatNamesNeuralCleanseAndItsRule()
    {
        var decision = NeuralCleanseRule.Decide(Triggers(Sizes), new NeuralCleanseParameters());
        var artifacts = new Dictionary<int, IReadOnlyDictionary<string, string>> { [3] = new Dictionary<string, string> { ["trigger"] = "class-3/trigger.png" } };

        var verdict = VerdictBuilder.NeuralCleanseDetected(Outcome, NeuralCleanseReport.From(decision, new NeuralCleanseParameters(), artifacts, "neural-cleanse.png"));

        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal(Detectors.NeuralCleanse, verdict.Detector);
        Assert.Equal([3], verdict.SuspiciousClasses);
        Assert.Equal($"{Detectors.NeuralCleanse}/{NeuralCleanseRule.Log}", verdict.Decision!.Rule);
        Assert.Empty(verdict.Classes);
        var report = verdict.NeuralCleanse!;
        Assert.Equal(3, report.Classes[0].Label);
        Assert.Equal("class-3/trigger.png", report.Classes[0].Artifacts["trigger"]);
        Assert.True(report.Classes[0].DecidingIndex > report.Threshold);
        Assert.All(report.Classes.Skip(1), c => Assert.True(c.DecidingIndex <= report.Threshold));
    }

    [Fact]
    public void NoFlaggedClassIsCleanAndTheJsonCarriesTheDetectorAndTheClasses()
    {
        var sizes = Sizes.Select((v, c) => c == 3 ? 73.8 : v).ToArray();
        var decision = NeuralCleanseRule.Decide(Triggers(sizes), new NeuralCleanseParameters());

        var verdict = VerdictBuilder.NeuralCleanseDetected(Outcome, NeuralCleanseReport.From(decision, new NeuralCleanseParameters()));
        string json = VerdictJson.Serialize(verdict);

        Assert.Equal(VerdictKinds.Clean, verdict.Verdict);
        Assert.Contains("\"detector\": \"neural-cleanse\"", json);
        Assert.Contains("\"neuralCleanse\"", json);
        Assert.Contains("\"decidingIndex\"", json);
        Assert.Equal(10, VerdictJson.Deserialize(json).NeuralCleanse!.Classes.Count);
    }

    [Fact]
    public void AegisVerdictsNameAegisAndNotApplicableNamesNone()
    {
        Assert.Null(VerdictBuilder.NotApplicable(Outcome).Detector);
        Assert.Equal(VerdictKinds.NotApplicable, VerdictBuilder.NotApplicable(Outcome).Verdict);
    }

    private static NeuralCleanseTrigger[] Triggers(double[] sizes) =>
        sizes.Select((n, label) => new NeuralCleanseTrigger(label, [], [], n, 0.99, Reached: true, Cost: 0.01, Epochs: 30) { HeldOutAttackSuccess = 0.97 }).ToArray();
}
