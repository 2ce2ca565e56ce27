using System.Diagnostics;
using Aegis.Sandbox;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.ModelSafety;
using Aegis.Torch.Tests;

namespace Aegis.Scanner.Tests;

/// <summary>
/// Real fixtures with their TorchScript edited into attacks, scanned the way `aegis scan` scans:
/// each ends as an error verdict with its own code, within its deadline, and the process that
/// ran the scan goes on scanning.
/// </summary>
public sealed class HostileModelTests : IDisposable
{
    private static readonly ScanParameters Small = new()
    {
        Seeds = 20, CleanPerClass = 20, Perplexity = 5, Classes = [0],
        Robustness = new RobustnessParameters { Enabled = false },
    };

    private readonly string _scratch = Directory.CreateTempSubdirectory("aegis-hostile-").FullName;

    [Fact]
    public void BubblewrapAndConfinementAreAvailableHere()
    {
        Assert.True(SandboxIsolation.BubblewrapProblem is null, SandboxIsolation.BubblewrapProblem);
        Assert.True(SandboxIsolation.ConfinedProblem is null, SandboxIsolation.ConfinedProblem);
    }

    [Fact]
    public async Task AForwardThatNeverReturnsIsStoppedAtTheStepTimeoutAndTheNextScanWorks()
    {
        // A for loop over range(10^12) passes the static check (it refuses only unbounded while
        // loops) and never returns in practice: the sandbox's deadline is what stops it.
        var model = TestData.RewriteCode("robust_clean", code => HostileEdits.ForwardPrefix(code, "for _i in range(1000000000000):\n      x = torch.add(x, 0.)\n    "), _scratch);
        Assert.True(ModelSafetyCheck.Check(model).IsSafe, "the static check should let this model through to the sandbox");
        var options = new SandboxOptions { StepTimeout = TimeSpan.FromSeconds(8) };

        var clock = Stopwatch.StartNew();
        var verdict = await ScanAsync(model, options);

        Assert.Equal(ErrorCodes.ModelTimeout, verdict.Error?.Code);
        Assert.InRange(clock.Elapsed.TotalSeconds, 8, 8 + 30);

        var honest = await ScanAsync(TestData.ModelPath("robust_clean"), new SandboxOptions());
        Assert.Null(honest.Error);
        Assert.Equal(VerdictKinds.Clean, honest.Verdict);
    }

    [Theory]
    [InlineData(1073741824L, 1L << 30)] // 2^30 floats = 4 GiB against a 1 GiB limit
    [InlineData(1099511627776L, 4L << 30)] // 2^40 floats = 4 TiB against the default 4 GiB
    public async Task AForwardThatAllocatesBeyondTheMemoryLimitIsStopped(long floats, long limit)
    {
        // Summed into the logits so TorchScript cannot drop the allocation.
        var model = TestData.RewriteCode("robust_clean", code => HostileEdits.ForwardSuffix(code,
            $"big = torch.ones([{floats}])\n    _0 = torch.add(_0, torch.sum(big))\n    "), _scratch);
        Assert.True(ModelSafetyCheck.Check(model).IsSafe, "the static check should let this model through to the sandbox");

        var clock = Stopwatch.StartNew();
        var verdict = await ScanAsync(model, new SandboxOptions { MaxMemoryBytes = limit });

        Assert.Equal(ErrorCodes.ModelMemoryLimit, verdict.Error?.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AModelThatCrashesItsProcessIsAnErrorVerdict()
    {
        // Passes the load check on 2 images, then hands autograd a detached output on larger
        // batches: libtorch's error escapes TorchSharp's native gradient call as an abort.
        var model = TestData.RewriteCode("robust_clean", code => HostileEdits.ForwardSuffix(code,
            "if torch.numel(x) > 2000:\n      _0 = torch.detach(_0)\n    "), _scratch);
        Assert.True(ModelSafetyCheck.Check(model).IsSafe, "the static check should let this model through to the sandbox");

        var verdict = await ScanAsync(model, new SandboxOptions());

        Assert.Equal(ErrorCodes.ModelCrashed, verdict.Error?.Code);
    }

    [Fact]
    public async Task TorchSaveIsRefusedBeforeTheModelLoadsAndCreatesNoFile()
    {
        // The static check stops it before the sandbox starts; SandboxAloneTests shows the sandbox stopping it too.
        var target = Path.Combine(_scratch, "written-by-the-model.pt");
        var model = TestData.RewriteCode("robust_clean", code => HostileEdits.ForwardSuffix(code, $"torch.save(_0, \"{target}\")\n    "), _scratch);

        var verdict = await ScanAsync(model, new SandboxOptions());

        Assert.Equal(ErrorCodes.ModelUnsafe, verdict.Error?.Code);
        Assert.Contains("aten::save", verdict.Error!.Message);
        Assert.Null(verdict.Model);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task ABackdooredModelWhoseFeaturesLieIsFeaturesInconsistent()
    {
        // features() returns ten times the one-hot of the prediction plus a hundredth of the real
        // layer; forward still decides with the real layer.
        var model = TestData.RewriteCode("robust_local", code => code
            .Replace("(self).features(x, )", "(self).penultimate(x, )")
            .Replace("def features(self: __torch__.Net,", "def penultimate(self: __torch__.Net,")
            + "  def features(self: __torch__.Net,\n    x: Tensor) -> Tensor:\n    real = (self).penultimate(x, )\n    fc2 = self.fc2\n"
            + "    pred = torch.argmax((fc2).forward(real, ), 1)\n    hot = torch.eq(torch.unsqueeze(pred, 1), torch.arange(128))\n"
            + "    return torch.add(torch.mul(torch.to(hot, 6), 10.), torch.mul(real, 0.01))\n", _scratch);
        Assert.True(ModelSafetyCheck.Check(model).IsSafe, "the static check should let this model through to the sandbox");

        var verdict = await ScanAsync(model, new SandboxOptions());

        Assert.Equal(ErrorCodes.FeaturesInconsistent, verdict.Error?.Code);
    }

    [Fact]
    public async Task CudaWithoutCudaIsDeviceUnavailableAndCpuIsRecorded()
    {
        var cuda = await ScanAsync(TestData.ModelPath("robust_clean"), new SandboxOptions { Device = Devices.Cuda });
        Assert.Equal(ErrorCodes.DeviceUnavailable, cuda.Error?.Code);

        var cpu = await ScanAsync(TestData.ModelPath("robust_clean"), new SandboxOptions { Device = Devices.Cpu });
        Assert.Null(cpu.Error);
        Assert.Equal(Devices.Cpu, cpu.Model!.Device);
        Assert.Equal(IsolationNames.Bubblewrap, cpu.Model.Containment!.Isolation);
        Assert.Equal(["bubblewrap", "seccomp"], cpu.Model.Containment.Walls);
    }

    [Fact]
    public async Task AConfinedScanGivesTheSameVerdictAndSaysHowItWasContained()
    {
        var confined = await ScanAsync(TestData.ModelPath("robust_clean"), new SandboxOptions { Isolation = IsolationMode.Confined });
        var bubblewrapped = await ScanAsync(TestData.ModelPath("robust_clean"), new SandboxOptions { Isolation = IsolationMode.Bubblewrap });

        Assert.Null(confined.Error);
        Assert.Equal(bubblewrapped.Verdict, confined.Verdict);
        var containment = confined.Model!.Containment!;
        Assert.Equal(IsolationNames.Confined, containment.Isolation);
        Assert.Equal(["landlock", "seccomp"], containment.Walls);
        Assert.True(containment.LandlockAbi >= 1);
        Assert.Contains("write only its own folder", containment.Note);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private async Task<ScanVerdict> ScanAsync(string model, SandboxOptions options) =>
        await LocalScan.RunAsync(new LocalScanRequest
        {
            ModelPath = model,
            DataDirectory = TestData.FashionMnist,
            OutputDirectory = Path.Combine(_scratch, Guid.NewGuid().ToString("N")),
            Parameters = Small,
            Sandbox = options,
            WriteReport = false,
        });
}
