using System.Buffers.Binary;
using Aegis.Core.Verdicts;

namespace Aegis.Cli.Tests;

/// <summary>
/// `aegis scan --isolation` as a user meets it, including on machines that refuse what the walls
/// need: aegis runs inside an outer bubblewrap that forbids new user namespaces (as many container
/// runtimes do), and in the last case also a seccomp filter that hides Landlock.
/// </summary>
public sealed class ScanIsolationTests
{
    private static readonly string[] Small = ["--seeds", "20", "--clean", "20", "--perplexity", "5", "--classes", "0", "--skip-robustness-check", "--json", "--no-report"];

    /// <summary>
    /// Like a container runtime without user namespaces: the outer user namespace allows no further one, so bubblewrap cannot start.
    /// No --die-with-parent: the test starts it from a thread-pool thread, and a parent-death signal
    /// follows the forking thread, so a retiring thread would SIGKILL the scan (exit 137).
    /// </summary>
    private static readonly string[] NoUserNamespaces = ["bwrap", "--dev-bind", "/", "/", "--unshare-user", "--disable-userns", "--"];

    [Fact]
    public async Task AutoRunsTheModelConfinedWhereUserNamespacesAreRefusedAndTheVerdictSaysSo()
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;

        var result = await AegisProcess.RunUnderAsync(NoUserNamespaces, ["scan", RepoPaths.Fixture("robust_clean.pt"), "--data", RepoPaths.FashionMnist, "--out", output, "--isolation", "auto", .. Small]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardError}");
        var containment = VerdictJson.Deserialize(result.StandardOutput).Model!.Containment!;
        Assert.Equal("confined", containment.Isolation);
        Assert.Equal(["landlock", "seccomp"], containment.Walls);
        Assert.True(containment.LandlockAbi >= 1);
        Assert.Contains("because bubblewrap cannot be used here", containment.Note);
    }

    [Fact]
    public async Task WhereNeitherWallCanBeHadAutoIsSandboxUnavailableAndTheModelNeverRuns()
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;
        string filter = Path.Combine(output, "no-landlock.bpf");
        await File.WriteAllBytesAsync(filter, LandlockHidingFilter());
        // bubblewrap reads the filter from descriptor 9, which the shell opens for it.
        string[] wrapper = ["bash", "-c", $"exec 9<'{filter}'; exec \"$@\"", "--", .. NoUserNamespaces[..^1], "--seccomp", "9", "--"];

        foreach (var isolation in new[] { "auto", "confined" })
        {
            var result = await AegisProcess.RunUnderAsync(wrapper, ["scan", RepoPaths.Fixture("robust_clean.pt"), "--data", RepoPaths.FashionMnist, "--out", output, "--isolation", isolation, .. Small]);

            Assert.True(result.ExitCode == 2, $"{isolation}: exit {result.ExitCode}\n{result.StandardError}");
            var verdict = VerdictJson.Deserialize(result.StandardOutput);
            Assert.Equal(ErrorCodes.SandboxUnavailable, verdict.Error!.Code);
            Assert.Contains("Landlock", verdict.Error.Message);
            Assert.Null(verdict.Model);
        }
    }

    [Fact]
    public async Task ATrustedProcessIsOnlyWhatTheUserAsksForAndTheVerdictSaysWhatItMeans()
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;

        var result = await AegisProcess.RunAsync(["scan", RepoPaths.Fixture("robust_clean.pt"), "--data", RepoPaths.FashionMnist, "--out", output, "--isolation", "trusted-process", .. Small]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardError}");
        var containment = VerdictJson.Deserialize(result.StandardOutput).Model!.Containment!;
        Assert.Equal("trusted-process", containment.Isolation);
        Assert.Empty(containment.Walls);
        Assert.Contains("nothing kept it from the machine's files", containment.Note);
    }

    [Fact]
    public async Task ThePlainProcessOfOldIsNoLongerAnOption()
    {
        var result = await AegisProcess.RunAsync("scan", RepoPaths.Fixture("robust_clean.pt"), "--isolation", "process");

        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public async Task HelpExplainsEachIsolation()
    {
        var result = await AegisProcess.RunAsync("scan", "--help");

        foreach (var text in new[] { "auto", "bubblewrap", "confined", "trusted-process", "sandbox-unavailable", "model.containment" })
            Assert.Contains(text, result.StandardOutput);
    }

    /// <summary>A seccomp program that makes landlock_create_ruleset fail with ENOSYS, as on a kernel without Landlock, and allows the rest.</summary>
    private static byte[] LandlockHidingFilter()
    {
        (ushort Code, byte True, byte False, uint K)[] program =
        [
            (0x20, 0, 0, 4), // load the architecture
            (0x15, 1, 0, 0xC000003E), // x86_64: go on to the number
            (0x06, 0, 0, 0x7FFF0000), // anything else: allow
            (0x20, 0, 0, 0), // load the number
            (0x15, 0, 1, 444), // landlock_create_ruleset
            (0x06, 0, 0, 0x00050026), // ENOSYS
            (0x06, 0, 0, 0x7FFF0000), // allow
        ];
        var bytes = new byte[program.Length * 8];
        for (int i = 0; i < program.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 8), program[i].Code);
            bytes[i * 8 + 2] = program[i].True;
            bytes[i * 8 + 3] = program[i].False;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8 + 4), program[i].K);
        }
        return bytes;
    }
}
