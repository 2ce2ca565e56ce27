using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Reporting.Page;

namespace Aegis.Reporting.Tests.Page;

public sealed class InputGatePageTests
{
    private static InputGateReport Report(bool gated) => new()
    {
        Gated = gated,
        Images = 500,
        Threshold = 0.026,
        MaterialShift = 0.1,
        Explanation = gated ? "Input-gated: <because>" : "Input-gate probe: nothing changed",
        Changes = InputGateVariants.All.Select(name => new InputGateChange
        {
            Name = name,
            Changed = gated && name == InputGateVariants.SubQuantumNoise ? 107 : 0,
            DecisionsChanged = gated && name == InputGateVariants.SubQuantumNoise ? 13 : 0,
            Rate = gated && name == InputGateVariants.SubQuantumNoise ? 0.214 : 0,
            Margin = gated && name == InputGateVariants.SubQuantumNoise ? 0.188 : -0.026,
            LargestShift = gated && name == InputGateVariants.SubQuantumNoise ? 0.335 : 0.002,
            Flagged = gated && name == InputGateVariants.SubQuantumNoise,
        }).ToArray(),
    };

    [Fact]
    public void AnInputGatedVerdictSaysWhyAndShowsTheChangeThatCrossedTheLine()
    {
        var verdict = new ScanVerdict
        {
            Verdict = VerdictKinds.Backdoored,
            InputGate = Report(gated: true),
            Decision = new RuleSummary(InputGateRule.Name, "Input-gated: <because>") { Reason = InputGateRule.Reason },
        };

        string html = ReportPage.Render(verdict, new FolderArtifacts(Path.GetTempPath()));

        Assert.Contains("ways no image pipeline notices (<a href=\"#input-gate\">input-gated</a>)", html);
        Assert.Contains("<h2 id=\"input-gate\">Input gate</h2>", html);
        Assert.Contains("<dt>reason</dt><dd>input-gated</dd>", html);
        Assert.Contains("<tr class=\"suspicious\"><th scope=\"row\">sub-quantum-noise</th><td><span class=\"badge bad\">yes</span></td><td>107</td><td class=\"hit\">21.4%</td>", html);
        Assert.Contains("line 2.6%", html);
        Assert.Contains("Input-gated: &lt;because&gt;", html);
        Assert.DoesNotContain("suspected in classes", html);
    }

    [Fact]
    public void ACleanVerdictListsTheProbeWithNothingFlagged()
    {
        var verdict = new ScanVerdict { Verdict = VerdictKinds.Clean, InputGate = Report(gated: false) };

        string html = ReportPage.Render(verdict, new FolderArtifacts(Path.GetTempPath()));

        Assert.Contains("<h2 id=\"input-gate\">Input gate</h2>", html);
        Assert.DoesNotContain("badge bad", html);
        Assert.Equal(InputGateVariants.All.Count, html.Split("<th scope=\"row\">").Length - 1);
    }
}
