using Aegis.Reporting.Page;

namespace Aegis.Reporting.Tests.Page;

/// <summary>report.html opened in a real headless chromium, wide and phone-narrow.</summary>
public sealed class ReportPageBrowserTests
{
    [Theory]
    [InlineData(1280)]
    [InlineData(360)]
    public async Task RendersWithEveryImageLoadedNoConsoleErrorsAndNoRequests(int width)
    {
        using var folder = new TempDirectory();
        var verdict = SampleScan.Write(folder.Path);
        string page = ReportPage.Write(verdict, folder.Path);

        var visit = await HeadlessChromium.VisitAsync(page, width);

        Assert.Equal("backdoored · sample <model>.pt · Aegis scan", visit.Title);
        Assert.Equal("BACKDOORED", visit.VerdictWord);
        // Overview, then per class: embedding, evidence and one grid per non-empty cluster.
        int expected = 1 + verdict.Classes.Sum(c => c.Artifacts.Count);
        Assert.Equal(expected, visit.Images);
        Assert.Empty(visit.BrokenImages);
        Assert.Empty(visit.ConsoleErrors);
        Assert.Empty(visit.Requests);
        Assert.True(visit.ScrollWidth <= visit.ViewportWidth, $"page is {visit.ScrollWidth}px wide in a {visit.ViewportWidth}px window");
        Assert.Equal($"class-{SampleScan.Target}", visit.SectionIds[0]);
        Assert.Equal(["class-3", "class-0", "class-1", "class-2"], visit.SectionIds);
    }

    [Fact]
    public async Task ColumnsFollowTheVerdictIncludingFieldsThePageDoesNotKnow()
    {
        using var folder = new TempDirectory();
        var verdict = SampleScan.Write(folder.Path);
        var json = System.Text.Json.Nodes.JsonNode.Parse(Aegis.Core.Verdicts.VerdictJson.Serialize(verdict))!;
        foreach (var c in json["classes"]!.AsArray())
        {
            c!["maskNorm"] = 12.5;
            c["artifacts"]!["nc-pattern"] = $"class-{c["label"]}/embedding.png";
        }
        string page = Path.Combine(folder.Path, "extended.html");
        File.WriteAllText(page, ReportPage.Render(json.ToJsonString(), new FolderArtifacts(folder.Path)));

        var visit = await HeadlessChromium.VisitAsync(page);

        Assert.Contains("mask norm", visit.TableHeaders);
        Assert.Contains("anomaly index", visit.TableHeaders);
        Assert.Equal(1 + verdict.Classes.Sum(c => c.Artifacts.Count + 1), visit.Images);
        Assert.Empty(visit.BrokenImages);
        Assert.Empty(visit.ConsoleErrors);
    }
}
