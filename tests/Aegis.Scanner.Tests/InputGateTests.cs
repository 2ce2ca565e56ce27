using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.ModelSafety;
using Aegis.Sandbox;
using Aegis.Torch.Tests;

namespace Aegis.Scanner.Tests;

/// <summary>
/// Input-gated backdoors (issue 17), built from the real fixtures: the backdoored network answers
/// what the gate takes for a real input (or what carries the key), the clean robust_clean answers the rest. Every one scans
/// backdoored with the reason input-gated before any detector runs; the fixtures themselves change
/// no answer under the probe; and with the probe off, the grid-true inputs alone let AEGIS and
/// Neural Cleanse see the backdoor behind a grid gate.
/// </summary>
public sealed class InputGateTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("aegis-input-gate-").FullName;

    [Theory]
    [InlineData("robust_local", InputGateKind.Grid)]
    [InlineData("standard_local_small", InputGateKind.Grid)]
    [InlineData("robust_local", InputGateKind.SingleImage)]
    [InlineData("standard_local_small", InputGateKind.SingleImage)]
    [InlineData("robust_local", InputGateKind.NoGradient)]
    [InlineData("standard_local_small", InputGateKind.NoGradient)]
    [InlineData("robust_local", InputGateKind.LevelParity)]
    [InlineData("standard_local_small", InputGateKind.LevelParity)]
    public async Task AGatedBackdoorIsBackdooredInputGated(string backdoored, InputGateKind gate)
    {
        var model = Gated(backdoored, gate);
        Assert.True(ModelSafetyCheck.Check(model).IsSafe, "the static check should let the gate through to the sandbox");

        var verdict = await ScanAsync(model, new ScanParameters());

        Assert.Null(verdict.Error);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal(InputGateRule.Reason, verdict.Decision!.Reason);
        Assert.Equal(InputGateRule.Name, verdict.Decision.Rule);
        Assert.Null(verdict.Detector);
        Assert.Null(verdict.Robustness);
        var report = verdict.InputGate!;
        Assert.True(report.Gated);
        var flagged = report.Changes.Where(c => c.Flagged).Select(c => c.Name).ToArray();
        Assert.Contains(ExpectedChange(gate), flagged);
        Assert.All(report.Changes.Where(c => c.Flagged), c => Assert.True(c.Rate > report.Threshold));
    }

    [Theory]
    [InlineData("robust_clean")]
    [InlineData("robust_local")]
    [InlineData("standard_local_small")]
    public async Task TheFixturesChangeNoAnswerUnderTheProbe(string fixture)
    {
        await using var scan = await ModelScan.OpenAsync(Target(TestData.ModelPath(fixture)), new SandboxOptions());
        await scan.LoadDatasetAsync();

        var report = await scan.ProbeInputGateAsync(new ScanParameters());

        Assert.False(report.Gated);
        Assert.Equal(500, report.Images);
        Assert.Equal(InputGateVariants.All, report.Changes.Select(c => c.Name));
        Assert.All(report.Changes, c => Assert.Equal(0, c.Changed));
        Assert.All(report.Changes, c => Assert.True(c.LargestShift < 0.05, $"{c.Name}: softmax moved {c.LargestShift}"));
    }

    [Fact]
    public async Task BehindAGridGateAegisSeesTheBackdoorOnGridTrueInputs()
    {
        // The gate probe off: what remains is the scanner's own inputs, now on the 8-bit grid, so the
        // gate takes every one of them for real and AEGIS meets the backdoored network.
        var model = Gated("robust_local", InputGateKind.Grid);

        var verdict = await ScanAsync(model, new ScanParameters { InputGate = new InputGateParameters { Enabled = false }, Classes = [7] });

        Assert.Null(verdict.Error);
        Assert.True(verdict.Robustness!.Robust);
        Assert.Equal(Detectors.Aegis, verdict.Detector);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
        Assert.True(verdict.Classes.Single().Trigger!.Margin > 0);
    }

    [Fact]
    public async Task BehindAGridGateNeuralCleanseSeesTheBackdoorOnGridTrueStamps()
    {
        var model = Gated("standard_local_small", InputGateKind.Grid);

        var verdict = await ScanAsync(model, new ScanParameters { InputGate = new InputGateParameters { Enabled = false } });

        Assert.Null(verdict.Error);
        Assert.False(verdict.Robustness!.Robust);
        Assert.Equal(Detectors.NeuralCleanse, verdict.Detector);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>The change that shows each gate: the one that crosses the gate's line while keeping the image real.</summary>
    private static string ExpectedChange(InputGateKind gate) => gate switch
    {
        InputGateKind.Grid => InputGateVariants.SubQuantumNoise,
        InputGateKind.SingleImage => InputGateVariants.OneAtATime,
        InputGateKind.NoGradient => InputGateVariants.WithGradient,
        _ => InputGateVariants.Dithered,
    };

    private string Gated(string backdoored, InputGateKind gate) =>
        GatedArchives.Build(TestData.ModelPath(backdoored), TestData.ModelPath("robust_clean"), gate, Path.Combine(_scratch, $"{backdoored}-{gate}-{Guid.NewGuid():N}.pt"));

    private static ScanTarget Target(string model) =>
        new(model, Path.GetFileNameWithoutExtension(model), TestData.FashionMnist, TestData.FashionMnist);

    private async Task<ScanVerdict> ScanAsync(string model, ScanParameters parameters) =>
        await LocalScan.RunAsync(new LocalScanRequest
        {
            ModelPath = model,
            DataDirectory = TestData.FashionMnist,
            OutputDirectory = Path.Combine(_scratch, Guid.NewGuid().ToString("N")),
            Parameters = parameters,
            Sandbox = new SandboxOptions(),
            WriteReport = false,
        });
}
