using System.Diagnostics;
using Aegis.Containment;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Torch.Tests;

namespace Aegis.Scan.Tests;

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
    public void BubblewrapIsAvailableHere() =>
        Assert.True(SandboxIsolation.BubblewrapProblem is null, SandboxIsolation.BubblewrapProblem);

    [Fact]
    public async Task AForwardThatNeverReturnsIsStoppedAtTheStepTimeoutAndTheNextScanWorks()
    {
        var model = TestData.RewriteCode("robust_clean", code => ForwardPrefix(code, "while True:\n      x = torch.add(x, 0.)\n    "), _scratch);
        var options = new SandboxOptions { StepTimeout = TimeSpan.FromSeconds(8) };

        var clock = Stopwatch.StartNew();
        var verdict = await ScanAsync(model, options);

        Assert.Equal(ErrorCodes.ModelTimeout, verdict.Error?.Code);
        Assert.InRange(clock.Elapsed.TotalSeconds, 8, 8 + 30);

        var honest = await ScanAsync(TestData.ModelPath("robust_clean"), new SandboxOptions());
        Assert.Null(honest.Error);
        Assert.Equal(VerdictKinds.Clean, honest.Verdict);
    }

    [Fact]
    public async Task AForwardThatAllocatesBeyondTheMemoryLimitIsStopped()
    {
        // 2^30 floats = 4 GiB, summed into the logits so TorchScript cannot drop the allocation.
        var model = TestData.RewriteCode("robust_clean", code => ForwardSuffix(code,
            "big = torch.ones([1073741824])\n    _0 = torch.add(_0, torch.sum(big))\n    "), _scratch);

        var clock = Stopwatch.StartNew();
        var verdict = await ScanAsync(model, new SandboxOptions { MaxMemoryBytes = 1L << 30 });

        Assert.Equal(ErrorCodes.ModelMemoryLimit, verdict.Error?.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AModelThatCrashesItsProcessIsAnErrorVerdict()
    {
        // Passes the load check on 2 images, then hands autograd a detached output on larger
        // batches: libtorch's error escapes TorchSharp's native gradient call as an abort.
        var model = TestData.RewriteCode("robust_clean", code => ForwardSuffix(code,
            "if torch.numel(x) > 2000:\n      _0 = torch.detach(_0)\n    "), _scratch);

        var verdict = await ScanAsync(model, new SandboxOptions());

        Assert.Equal(ErrorCodes.ModelCrashed, verdict.Error?.Code);
    }

    [Fact]
    public async Task TorchSaveOutsideTheOutputFolderCreatesNoFile()
    {
        var target = Path.Combine(_scratch, "written-by-the-model.pt");
        var model = TestData.RewriteCode("robust_clean", code => ForwardSuffix(code, $"torch.save(_0, \"{target}\")\n    "), _scratch);

        var contained = await ScanAsync(model, new SandboxOptions { Isolation = IsolationMode.Bubblewrap });

        Assert.False(File.Exists(target), "the model wrote outside its sandbox");
        Assert.Equal(SandboxSession.Bubblewrapped, contained.Model?.Containment?.Isolation);

        // The control: in a plain child process the same model does write, so the attack is real and the namespace is what stops it.
        var plain = await ScanAsync(model, new SandboxOptions { Isolation = IsolationMode.Process });
        Assert.True(File.Exists(target));
        Assert.Contains("can read the machine's files", plain.Model?.Containment?.Note);
    }

    [Fact]
    public async Task AModelCannotReadSettingsPlantedBesideTheScanner()
    {
        const string secret = "AccountKey=planted-secret-4f1c9e";
        string settings = $"{{\"Values\":{{\"AzureWebJobsStorage\":\"{secret}\"}}}}";
        // One in the scanner's working folder (read by a relative path), one elsewhere (read by its absolute path).
        var beside = Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json");
        var elsewhere = Path.Combine(_scratch, "local.settings.json");
        await File.WriteAllTextAsync(beside, settings);
        await File.WriteAllTextAsync(elsewhere, settings);
        try
        {
            foreach (var path in new[] { "local.settings.json", beside, elsewhere })
            {
                // Issue 8's read: the file's first bytes become a shape, which an error message once quoted.
                var model = TestData.RewriteCode("robust_clean", code => ForwardSuffix(code,
                    $"data = torch.from_file(\"{path}\", False, 16, dtype=0)\n    _0 = torch.add(_0, torch.sum(torch.empty([0, int(data[0]) + 1, int(data[1]) + 1])))\n    "), _scratch);

                var verdict = await ScanAsync(model, new SandboxOptions { Isolation = IsolationMode.Bubblewrap });

                Assert.Equal(VerdictKinds.Error, verdict.Verdict);
                string everything = VerdictJson.Serialize(verdict).Replace(" ", "");
                Assert.DoesNotContain("planted-secret", everything);
                Assert.DoesNotContain("124,35", everything); // '{' + 1, '"' + 1
            }
        }
        finally
        {
            File.Delete(beside);
        }
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
            + "    pred = torch.argmax((fc2).forward(real, ), 1)\n    hot = torch.one_hot(pred, 128)\n"
            + "    return torch.add(torch.mul(torch.to(hot, 6), 10.), torch.mul(real, 0.01))\n", _scratch);

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
        Assert.Equal(SandboxSession.Bubblewrapped, cpu.Model.Containment!.Isolation);
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

    /// <summary>Inserts statements at the start of forward (after its signature).</summary>
    private static string ForwardPrefix(string code, string statements) =>
        Once(code, "    x: Tensor) -> Tensor:\n    fc2 = self.fc2\n", "    x: Tensor) -> Tensor:\n    " + statements + "fc2 = self.fc2\n");

    /// <summary>Inserts statements in forward just before it returns its logits _0.</summary>
    private static string ForwardSuffix(string code, string statements) =>
        Once(code, "    return _0\n", "    " + statements + "return _0\n");

    private static string Once(string code, string anchor, string replacement)
    {
        int at = code.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0 && code.IndexOf(anchor, at + 1, StringComparison.Ordinal) < 0, "the fixture's code changed; update the edit");
        return code[..at] + replacement + code[(at + anchor.Length)..];
    }
}
