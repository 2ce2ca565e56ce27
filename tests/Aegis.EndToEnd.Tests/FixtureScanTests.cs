using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Reporting;
using Aegis.Reporting.Page;
using Aegis.Reporting.Tests.Page;
using SkiaSharp;

namespace Aegis.EndToEnd.Tests;

/// <summary>
/// The README's scan, with default options, on the robust PyTorch fixtures: each really has (or
/// really lacks) a backdoor; and the standard one with AEGIS alone, which does not apply to it
/// (<see cref="StandardModelScanTests"/> scans it with the default detector).
/// </summary>
public sealed class FixtureScanTests : IDisposable
{
    private readonly TempDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task BackdooredRobustModelIsFlaggedInItsTargetClass()
    {
        var (exit, verdict, output) = await ScanAsync(_output.Path, "robust_local.pt");

        Assert.Equal(1, exit);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
        Assert.True(verdict.Robustness!.Robust);
        Assert.Equal(10, verdict.Classes.Count);
        var target = verdict.Classes.Single(c => c.Label == 7);
        Assert.True(target.AnomalyIndex > verdict.Classes.Where(c => c.Label != 7).Max(c => c.AnomalyIndex));
        Assert.True(target.Landing < 0.5, $"class 7 translations landing at home: {target.Landing}");
        // The trigger rule's causal check: class 7's lifted patch moves most other classes' held-out images.
        Assert.Equal(DecisionRules.Trigger, verdict.Decision!.Rule);
        Assert.Equal([7], verdict.Decision.TriggerRuleClasses);
        Assert.True(target.Trigger!.Margin > 0, $"class 7 trigger flip {target.Trigger.Flip}");
        // The model's score is its target's evidence beyond the line, and the probability rises above the line's.
        Assert.Equal(verdict.Classes.Max(c => c.Score), verdict.Score);
        Assert.Equal(target.Score, verdict.Score);
        Assert.True(verdict.Score > 0);
        Assert.InRange(verdict.Probability!.Value, ScoreCalibration.For(Detectors.Aegis).Probability(0), 1);
        Assert.True(verdict.TimingsSeconds.TriggerProbe > 0, "the probe's time is reported beside the other stages");
        Assert.True(File.Exists(Path.Combine(output, target.Artifacts["evidence"])));
        Assert.True(File.Exists(Path.Combine(output, "overview.png")));

        // The trigger map shows the 4x4 square (x, y 24..27) as the brightest spot of class 7,
        // brighter than anything in the maps of the innocent classes.
        var brightest = verdict.Classes.ToDictionary(c => c.Label, c => BrightestTriggerMapPixel(output, c));
        var (x, y, value) = brightest[7];
        Assert.InRange(x, 23, 27);
        Assert.InRange(y, 23, 27);
        Assert.True(value > brightest.Where(b => b.Key != 7).Max(b => b.Value.Value), $"class 7 peak {value}; innocent peaks {string.Join(", ", brightest.Select(b => b.Value.Value))}");

        await AssertReportOpensCleanlyAsync(output, verdict);
    }

    [Fact]
    public async Task CleanRobustModelPasses()
    {
        var (exit, verdict, output) = await ScanAsync(_output.Path, "robust_clean.pt");

        Assert.Equal(0, exit);
        Assert.Equal(VerdictKinds.Clean, verdict.Verdict);
        Assert.Empty(verdict.SuspiciousClasses);
        Assert.All(verdict.Classes, c => Assert.Equal(500, c.TranslatedCount));
        Assert.All(verdict.Classes, c => Assert.True(c.Trigger!.Margin < 0, $"class {c.Label} trigger flip {c.Trigger.Flip}"));
        // The input-gate probe ran first and no change a real image pipeline makes altered an answer.
        Assert.False(verdict.InputGate!.Gated);
        Assert.All(verdict.InputGate.Changes, c => Assert.Equal(0, c.Changed));
        Assert.True(verdict.Score <= 0, $"score {verdict.Score}");
        Assert.InRange(verdict.Probability!.Value, 0, ScoreCalibration.For(Detectors.Aegis).Probability(0));
        await AssertReportOpensCleanlyAsync(output, verdict);
    }

    [Fact]
    public async Task StandardModelIsNotApplicableToAegisAlone()
    {
        var (exit, verdict, _) = await ScanAsync(_output.Path, "standard_local_small.pt", "--detector", "aegis");

        Assert.Equal(3, exit);
        Assert.Equal(VerdictKinds.NotApplicable, verdict.Verdict);
        Assert.False(verdict.Robustness!.Robust);
        Assert.True(verdict.Robustness.AdversarialAccuracy < 0.5 * verdict.Robustness.CleanAccuracy);
        Assert.Empty(verdict.Classes);
        Assert.Null(verdict.Detector);
        Assert.Null(verdict.Probability);
    }

    /// <summary>report.html beside verdict.json opens in headless chromium with every image and no error.</summary>
    private static async Task AssertReportOpensCleanlyAsync(string output, ScanVerdict verdict)
    {
        var visit = await HeadlessChromium.VisitAsync(Path.Combine(output, ReportPage.FileName));

        Assert.Equal(verdict.Verdict.ToUpperInvariant(), visit.VerdictWord);
        Assert.Equal(1 + verdict.Classes.Sum(c => c.Artifacts.Count), visit.Images);
        Assert.Empty(visit.BrokenImages);
        Assert.Empty(visit.ConsoleErrors);
        Assert.Empty(visit.Requests);
    }

    /// <summary>(x, y) in image pixels and brightness of the brightest cell of the trigger-map panel of a class's evidence.png.</summary>
    private static (int X, int Y, int Value) BrightestTriggerMapPixel(string output, ClassReport report)
    {
        using var evidence = SKBitmap.Decode(Path.Combine(output, report.Artifacts["evidence"]));
        var options = new EvidenceImagesOptions();
        var (left, top) = EvidenceImages.Layout(new ImageShape(1, 28, 28), report.Clusters, options).PanelOrigin(0, 2);
        var best = (X: 0, Y: 0, Value: -1);
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                var pixel = evidence.GetPixel(left + x * options.Scale + options.Scale / 2, top + y * options.Scale + options.Scale / 2);
                int value = pixel.Red + pixel.Green + pixel.Blue;
                if (value > best.Value)
                    best = (x, y, value);
            }
        return best;
    }

    /// <summary>Scans a fixture into <paramref name="output"/>, which the caller owns (the page is opened after the scan).</summary>
    internal static async Task<(int Exit, ScanVerdict Verdict, string Output)> ScanAsync(string output, string fixture, params string[] options) =>
        await ScanPathAsync(output, RepoPaths.Fixture(fixture), options);

    internal static async Task<(int Exit, ScanVerdict Verdict, string Output)> ScanPathAsync(string output, string model, params string[] options)
    {
        var result = await AegisProcess.RunAsync(["scan", model, "--data", RepoPaths.FashionMnist, "--out", output, .. options]);
        var verdict = VerdictJson.Deserialize(File.ReadAllText(Path.Combine(output, "verdict.json")));
        Assert.Null(verdict.Error);
        Assert.Equal(64, verdict.Model!.Sha256.Length);
        return (result.ExitCode, verdict, output);
    }
}
