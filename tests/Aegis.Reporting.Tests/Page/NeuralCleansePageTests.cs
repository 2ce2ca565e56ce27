using System.Text.RegularExpressions;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;

namespace Aegis.Reporting.Tests.Page;

public sealed class NeuralCleansePageTests
{
    private static readonly ImageShape Gray = new(1, 28, 28);

    [Fact]
    public void ArtifactsAreWrittenPerClassAndThePageEmbedsThemWithTheTable()
    {
        using var folder = new TempDirectory();
        // Ten classes whose masks are squares of about the same size, except class 3's 3x3 corner square.
        var triggers = Enumerable.Range(0, 10).Select(label => Square(label, label == 3 ? 3 : 8 + label % 3)).ToArray();
        var options = new NeuralCleanseParameters();
        var decision = NeuralCleanseRule.Decide(triggers, options);
        var (artifacts, overview) = NeuralCleanseArtifacts.Write(folder.Path, triggers, decision, Gray);
        var verdict = VerdictBuilder.NeuralCleanseDetected(new ScanOutcome
        {
            Model = new ModelInfo("standard", "00", "torchscript"),
            Dataset = new DatasetInfo("fashion-mnist", folder.Path),
            Parameters = new ScanParameters(),
        }, NeuralCleanseReport.From(decision, options, artifacts, overview));

        string html = File.ReadAllText(ReportPage.Write(verdict, folder.Path));

        Assert.Equal([3], verdict.SuspiciousClasses);
        Assert.All(artifacts.Values, a => Assert.True(File.Exists(Path.Combine(folder.Path, a["trigger"]))));
        Assert.True(File.Exists(Path.Combine(folder.Path, NeuralCleanseArtifacts.OverviewFile)));
        Assert.Contains("<h2 id=\"neural-cleanse\">Neural Cleanse</h2>", html);
        Assert.Equal(1, Regex.Count(html, "<tr class=\"suspicious\"><th scope=\"row\">3 "));
        Assert.Equal(11, Regex.Count(html, "<img src=\"data:image/png;base64,"));
        // Flagged first: class 3's picture comes before every other class's.
        Assert.True(html.IndexOf("id=\"neural-cleanse-class-3\"", StringComparison.Ordinal) < html.IndexOf("id=\"neural-cleanse-class-0\"", StringComparison.Ordinal));
    }

    private static NeuralCleanseTrigger Square(int label, int side)
    {
        var mask = new float[Gray.Height * Gray.Width];
        for (int y = 28 - side; y < 28; y++)
            for (int x = 28 - side; x < 28; x++)
                mask[y * 28 + x] = 1f;
        var pattern = Enumerable.Repeat(1f, Gray.Size).ToArray();
        return new NeuralCleanseTrigger(label, mask, pattern, side * side, 1.0, Reached: true, Cost: 0.01, Epochs: 10) { HeldOutAttackSuccess = 0.98 };
    }
}
