using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;

namespace Aegis.Reporting.Tests.Page;

public sealed class MmBdPageTests
{
    [Fact]
    public void AnMmBdVerdictShowsEveryClasssMarginAndThePValueOfTheFlaggedOne()
    {
        double[] statistics = [3.1, 4.2, 2.7, 5.0, 3.8, 4.4, 3.3, 2.9, 4.0, 12.5];
        var report = MmBdRule.Decide(statistics.Select((s, label) => new MmBdClass(label, s, 300)).ToArray(), new MmBdParameters());
        var verdict = new ScanVerdict
        {
            Verdict = VerdictKinds.Backdoored,
            SuspiciousClasses = [9],
            Detector = Detectors.MmBd,
            MmBd = report,
            Decision = new RuleSummary(MmBdRule.Name, report.Explanation),
        };

        string html = ReportPage.Render(verdict, new FolderArtifacts(Path.GetTempPath()));

        Assert.Contains("<h2 id=\"mm-bd\">MM-BD</h2>", html);
        Assert.Equal(10, html.Split("<th scope=\"row\">").Length - 1);
        Assert.Contains("<td>12.50</td><td>300</td><td class=\"hit\">0.000148</td>", html);
        Assert.Contains("line 0.05", html);
        Assert.Single(html.Split("badge bad").Skip(1));
    }
}
