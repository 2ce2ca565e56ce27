using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Sandbox;
using Aegis.Torch.Tests;

namespace Aegis.Scanner.Tests;

/// <summary>
/// <c>--detector mm-bd</c> through the whole local scan, the model in its sandbox: the fixture
/// standard_local_small (3x3 square → 7) is flagged with its target, and behind a grid gate (the
/// backdoored network answers only 8-bit-grid inputs) MM-BD's grid-true images still meet the backdoor.
/// </summary>
public sealed class MmBdScanTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    [Fact]
    public async Task FlagsTheFixturesTargetWithAPValueAndWritesItsPage()
    {
        var verdict = await ScanAsync(TestData.ModelPath("standard_local_small"), new ScanParameters { Detector = Detectors.MmBd }, writeReport: true);

        Assert.Null(verdict.Error);
        Assert.Equal(Detectors.MmBd, verdict.Detector);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
        Assert.Equal(MmBdRule.Name, verdict.Decision!.Rule);
        var report = verdict.MmBd!;
        Assert.Equal(10, report.Classes.Count);
        Assert.True(report.PValue < report.Significance);
        Assert.True(verdict.Score > 0);
        Assert.True(verdict.TimingsSeconds.MmBd > 0);
        string page = File.ReadAllText(_scratch.File("out/report.html"));
        Assert.Contains("id=\"mm-bd\"", page);
    }

    [Fact]
    public async Task BehindAGridGateItsGridTrueImagesMeetTheBackdoor()
    {
        var model = GatedArchives.Build(TestData.ModelPath("standard_local_small"), TestData.ModelPath("robust_clean"), InputGateKind.Grid, _scratch.File("gated.pt"));

        var verdict = await ScanAsync(model, new ScanParameters { Detector = Detectors.MmBd, InputGate = new InputGateParameters { Enabled = false } }, writeReport: false);

        Assert.Null(verdict.Error);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
    }

    public void Dispose() => _scratch.Dispose();

    private async Task<ScanVerdict> ScanAsync(string model, ScanParameters parameters, bool writeReport) =>
        await LocalScan.RunAsync(new LocalScanRequest
        {
            ModelPath = model,
            DataDirectory = TestData.FashionMnist,
            OutputDirectory = _scratch.File(writeReport ? "out" : Guid.NewGuid().ToString("N")),
            Parameters = parameters,
            Sandbox = new SandboxOptions(),
            WriteReport = writeReport,
        });
}
