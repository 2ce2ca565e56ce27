using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using SkiaSharp;

namespace Aegis.EndToEnd.Tests;

/// <summary>
/// `aegis scan` with default options on standard (not adversarially trained) models: the pre-check
/// finds them not robust, so Neural Cleanse decides — the backdoored fixture (3x3 white square → 7,
/// attack success 0.95) in its target class. Clean models passing is the Core rule's and the README's
/// per-model results (a second minute-long scan here would add little for CI's time).
/// </summary>
public sealed class StandardModelScanTests : IDisposable
{
    private readonly TempDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task BackdooredStandardModelIsFlaggedByNeuralCleanseInItsTargetClass()
    {
        var (exit, verdict, output) = await FixtureScanTests.ScanAsync(_output.Path, "standard_local_small.pt");

        Assert.Equal(1, exit);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal(Detectors.NeuralCleanse, verdict.Detector);
        Assert.False(verdict.Robustness!.Robust);
        Assert.Equal([7], verdict.SuspiciousClasses);
        var cleanse = verdict.NeuralCleanse!;
        Assert.Equal("fashion-mnist", cleanse.Reference);
        Assert.Equal(10, cleanse.Classes.Count);
        var target = cleanse.Classes[0];
        Assert.Equal(7, target.Label);
        Assert.True(target.DecidingIndex > cleanse.Threshold);
        Assert.Equal(target.Score, verdict.Score);
        Assert.True(verdict.Score > 0);
        Assert.Equal(ScoreCalibration.For(Detectors.NeuralCleanse).Probability(target.Score), verdict.Probability);
        Assert.True(verdict.TimingsSeconds.NeuralCleanse > 0);
        // The all-to-all row ran beside the classes and found a one-target backdoor no matching of classes.
        Assert.False(verdict.Decision!.AllToAll);
        Assert.False(cleanse.AllToAll!.Matching.Detected);
        Assert.Equal(10, cleanse.AllToAll.Destinations.Count);
        Assert.All(cleanse.AllToAll.Destinations, row => Assert.Equal(100, row.Sum()));

        // The evidence is the reversed trigger: every class has its picture, and the target's is drawn.
        Assert.All(cleanse.Classes, c => Assert.True(File.Exists(Path.Combine(output, c.Artifacts["trigger"]))));
        Assert.True(File.Exists(Path.Combine(output, cleanse.Overview!)));
        using var picture = SKBitmap.Decode(Path.Combine(output, target.Artifacts["trigger"]));
        Assert.NotNull(picture);
    }
}
