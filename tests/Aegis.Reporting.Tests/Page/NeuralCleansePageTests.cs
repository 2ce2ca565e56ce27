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

    [Fact]
    public void AnAllToAllRowsMatchingIsDrawnAsATableOfEachClassAndWhereItWent()
    {
        using var folder = new TempDirectory();
        var triggers = Enumerable.Range(0, 10).Select(label => Square(label, 8 + label % 3)).ToArray();
        // Every class sent 90 of 100 held-out images to the next, except class 4, which went half to coats.
        var destinations = Enumerable.Range(0, 10).Select(o => (IReadOnlyList<int>)Enumerable.Range(0, 10)
            .Select(c => o == 4 ? (c == 5 ? 50 : c == 4 ? 50 : 0) : c == (o + 1) % 10 ? 90 : c == o ? 10 : 0).ToArray()).ToArray();
        var row = new AllToAllReversal(new float[28 * 28], new float[28 * 28], 9.5, 0.9, Reached: true, Cost: 0.01, Epochs: 40, destinations);
        var options = new NeuralCleanseParameters();
        var decision = NeuralCleanseRule.Decide(triggers, options, allToAll: row);
        var verdict = VerdictBuilder.NeuralCleanseDetected(new ScanOutcome
        {
            Model = new ModelInfo("standard", "00", "torchscript"),
            Dataset = new DatasetInfo("fashion-mnist", folder.Path),
            Parameters = new ScanParameters(),
        }, NeuralCleanseReport.From(decision, options));

        string html = File.ReadAllText(ReportPage.Write(verdict, folder.Path));

        Assert.True(verdict.Decision!.AllToAll);
        // Sandals (5), reached from coats by half only, are not in the matching, yet an all-to-all trigger maps them too.
        Assert.Equal(Enumerable.Range(0, 10), verdict.SuspiciousClasses);
        Assert.Equal([0, 1, 2, 3, 4, 6, 7, 8, 9], verdict.Decision.AllToAllClasses);
        Assert.Contains("<h3 id=\"all-to-all\">All-to-all row</h3>", html);
        Assert.Contains("mask of L1 9.5", html);
        // Nine origins in the matching, each a row; class 4's half to 5 is within a neighbour's reach.
        Assert.Equal(9, Regex.Count(html, "<td><span class=\"badge bad\">yes</span></td></tr>"));
        Assert.Contains("<th scope=\"row\">4 <small>Coat</small></th><td>5 <small>Sandal</small></td><td>50", html);
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
