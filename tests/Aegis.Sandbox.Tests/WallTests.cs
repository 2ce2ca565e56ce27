using System.Diagnostics;
using Aegis.Core.Verdicts;
using Aegis.Sandbox.WallProbe;

namespace Aegis.Sandbox.Tests;

/// <summary>
/// The walls from inside a real sandbox: the wall probe makes, in the same walls as the sandbox
/// program, the system calls a model with native code would (the escapes: memfd, fork,
/// nested namespaces, reads and writes outside its folders…). Each isolation is forced in turn;
/// the trusted process is the control that shows every call is real and the walls are what stop it.
/// </summary>
public sealed class WallTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("aegis-walls-").FullName;

    public static TheoryData<IsolationMode> Walled => [IsolationMode.Bubblewrap, IsolationMode.Confined];

    [Fact]
    public void BothWallsAreAvailableHere()
    {
        Assert.True(SandboxIsolation.BubblewrapProblem is null, SandboxIsolation.BubblewrapProblem);
        Assert.True(SandboxIsolation.ConfinedProblem is null, SandboxIsolation.ConfinedProblem);
    }

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task NativeCodeInsideTheWallsReadsOnlyItsInputsAndWritesOnlyItsFolder(IsolationMode isolation)
    {
        var (input, secret, outside) = PlantFiles();
        await using var probe = await WallProbe.StartAsync(isolation, [input]);

        // The controls: the probe can read what it was given and write where it may.
        Assert.Equal(new ProbeAnswer(0, 11), await probe.RunAsync("read-file", new ProbeRequest(probe.Session.PathOf(input))));
        Assert.Equal(0, await probe.ErrnoAsync("write-file", new ProbeRequest(InOutput(probe, isolation, "inside.bin"))));

        Assert.NotEqual(0, await probe.ErrnoAsync("read-file", new ProbeRequest(secret)));
        Assert.NotEqual(0, await probe.ErrnoAsync("read-file", new ProbeRequest("/etc/passwd")));
        Assert.NotEqual(0, await probe.ErrnoAsync("write-file", new ProbeRequest(outside)));
        Assert.False(File.Exists(outside));
        Assert.NotEqual(0, await probe.ErrnoAsync("create-dev-shm"));
    }

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task TheSeccompListRefusesWhatNoScanNeeds(IsolationMode isolation)
    {
        await using var probe = await WallProbe.StartAsync(isolation);

        foreach (var call in new[] { "memfd", "socket-inet", "socket-unix", "fork", "unshare-user", "ptrace", "shmget", "execve" })
            Assert.True(await probe.ErrnoAsync(call) == WallProbe.Eperm, $"{call} was not refused under {isolation}");
        Assert.Equal(WallProbe.Eperm, await probe.ErrnoAsync("kill", new ProbeRequest(Pid: Environment.ProcessId)));
        Assert.Equal(WallProbe.Eperm, await probe.ErrnoAsync("symlink", new ProbeRequest(InOutput(probe, isolation, "link"))));
        Assert.Empty(Directory.EnumerateFileSystemEntries(probe.Session.OutputDirectory, "link"));
    }

    [Fact]
    public async Task ATrustedProcessHasNoWallsSoTheSameCallsSucceed()
    {
        var (input, secret, outside) = PlantFiles();
        await using var probe = await WallProbe.StartAsync(IsolationMode.TrustedProcess, [input]);

        Assert.Equal(IsolationNames.TrustedProcess, probe.Session.Isolation);
        Assert.Empty(probe.Session.Walls);
        Assert.Equal(new ProbeAnswer(0, 11), await probe.RunAsync("read-file", new ProbeRequest(secret)));
        Assert.Equal(0, await probe.ErrnoAsync("write-file", new ProbeRequest(outside)));
        Assert.True(File.Exists(outside));
        foreach (var call in new[] { "memfd", "socket-inet", "socket-unix", "fork", "shmget" })
            Assert.True(await probe.ErrnoAsync(call) == 0, $"{call} failed in a trusted process");
        // These reach the kernel's own checks: a threaded process cannot unshare its user namespace,
        // no process has that pid, no program has that path.
        Assert.Equal(WallProbe.Einval, await probe.ErrnoAsync("unshare-user"));
        Assert.Equal(WallProbe.Esrch, await probe.ErrnoAsync("ptrace"));
        Assert.Equal(WallProbe.Enoent, await probe.ErrnoAsync("execve"));
        Assert.Equal(0, await probe.ErrnoAsync("kill", new ProbeRequest(Pid: Environment.ProcessId)));
    }

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task AGibibyteInMemfdsIsImpossible(IsolationMode isolation)
    {
        // Issue 16 held 1 GiB in memfds under a 256 MiB data limit while the resident memory the watch read stayed at 2.7 MB.
        await using var probe = await WallProbe.StartAsync(isolation, options: new SandboxOptions { MaxMemoryBytes = 256L << 20 });

        Assert.Equal(new ProbeAnswer(WallProbe.Eperm, 0), await probe.RunAsync("memfd-fill", new ProbeRequest(Mib: 1024)));
        Assert.NotEqual(0, await probe.ErrnoAsync("create-dev-shm"));
        Assert.Equal(WallProbe.Eperm, await probe.ErrnoAsync("shmget"));
    }

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task SharedMemoryOutsideTheDataLimitCountsAsResidentMemory(IsolationMode isolation)
    {
        // MAP_SHARED|MAP_ANONYMOUS escapes RLIMIT_DATA; the resident-memory watch (statm counts RssShmem) stops it.
        await using var probe = await WallProbe.StartAsync(isolation, options: new SandboxOptions { MaxMemoryBytes = 256L << 20 });

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ScanFailureException>(() => probe.RunAsync("shared-memory", new ProbeRequest(Mib: 1536, Seconds: 30)));

        Assert.Equal(ErrorCodes.ModelMemoryLimit, failure.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task PipesAndOtherKernelObjectsAreBoundedByTheDescriptorLimit(IsolationMode isolation)
    {
        await using var probe = await WallProbe.StartAsync(isolation);

        var answer = await probe.RunAsync("pipes");

        Assert.Equal(24, answer.Errno); // EMFILE
        Assert.InRange(answer.Value, 400, 512); // 1024 descriptors, less what the runtime holds, two per pipe
    }

    public static TheoryData<IsolationMode, string> EveryIsolationAndOddEntry => new()
    {
        { IsolationMode.Bubblewrap, "link-to-usr-lib" }, { IsolationMode.Confined, "link-to-usr-lib" }, { IsolationMode.TrustedProcess, "link-to-usr-lib" },
        { IsolationMode.Confined, "link-loop" }, { IsolationMode.Confined, "fifo" }, { IsolationMode.Bubblewrap, "folder-link" },
    };

    [Theory]
    [MemberData(nameof(EveryIsolationAndOddEntry))]
    public async Task ALinkOrSpecialFileInTheOutputFolderEndsTheSessionAtOnce(IsolationMode isolation, string entry)
    {
        await using var probe = await WallProbe.StartAsync(isolation);
        // Made from outside: the walls refuse links and special files to the sandbox itself (see above), a model in a trusted process could make them.
        string folder = probe.Session.OutputDirectory;
        switch (entry)
        {
            case "link-to-usr-lib":
                File.CreateSymbolicLink(Path.Combine(folder, "lib"), "/usr/lib");
                break;
            case "link-loop":
                File.CreateSymbolicLink(Path.Combine(folder, "a"), Path.Combine(folder, "b"));
                File.CreateSymbolicLink(Path.Combine(folder, "b"), Path.Combine(folder, "a"));
                break;
            case "fifo":
                Process.Start("mkfifo", Path.Combine(folder, "pipe"))!.WaitForExit();
                break;
            case "folder-link":
                Directory.CreateDirectory(Path.Combine(folder, "sub"));
                File.CreateSymbolicLink(Path.Combine(folder, "sub", "up"), "/");
                break;
        }

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ScanFailureException>(() => probe.RunAsync("hold", new ProbeRequest(Seconds: 60)));

        Assert.Equal(ErrorCodes.ModelCrashed, failure.Code);
        Assert.Contains("link, device, pipe or socket", failure.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task TheVerdictNamesTheWallsThatHeld(IsolationMode isolation)
    {
        await using var probe = await WallProbe.StartAsync(isolation);
        await probe.RunAsync("hold");

        var session = probe.Session;
        Assert.Equal(IsolationNames.Of(isolation), session.Isolation);
        Assert.Contains("seccomp", session.Walls);
        if (isolation == IsolationMode.Confined)
        {
            Assert.Equal(["landlock", "seccomp"], session.Walls);
            Assert.True(session.LandlockAbi >= 1);
            Assert.Contains($"Landlock (ABI {session.LandlockAbi})", session.IsolationNote);
        }
        else
        {
            Assert.Equal(["bubblewrap", "seccomp"], session.Walls);
            Assert.Null(session.LandlockAbi);
        }
    }

    [Fact]
    public async Task TheSandboxsOwnWordsNeverBecomeTheErrorMessage()
    {
        await using var probe = await WallProbe.StartAsync(IsolationMode.Confined);

        var failure = await Assert.ThrowsAsync<ScanFailureException>(() => probe.RunAsync("error-with-text"));

        Assert.Equal(ErrorCodes.DatasetInvalid, failure.Code);
        Assert.DoesNotContain("planted", failure.Message);
        Assert.DoesNotContain("AccountKey", failure.Message);
        Assert.StartsWith("The dataset could not be read in the model's sandbox while running error-with-text", failure.Message);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private (SandboxInput Input, string Secret, string Outside) PlantFiles()
    {
        string input = Path.Combine(_scratch, "input.bin");
        File.WriteAllText(input, "given-bytes");
        string secret = Path.Combine(_scratch, "secret.txt");
        File.WriteAllText(secret, "not-yours-1");
        return (new SandboxInput("model", input), secret, Path.Combine(_scratch, "written-by-the-sandbox"));
    }

    private static string InOutput(WallProbe probe, IsolationMode isolation, string name) =>
        Path.Combine(isolation == IsolationMode.Bubblewrap ? "/out" : probe.Session.OutputDirectory, name);
}
