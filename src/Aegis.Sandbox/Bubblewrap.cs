using System.Diagnostics;

namespace Aegis.Sandbox;

/// <summary>
/// The sandbox's view of the machine under bubblewrap (Debian package <c>bubblewrap</c>, 0.8 or
/// later): new user, PID, network, IPC, UTS and cgroup namespaces (so no network), no further
/// user namespaces, no capabilities, a clean environment, the seccomp allow-list from the first
/// instruction of the sandbox program, and a file system of read-only binds — the system
/// libraries, the .NET runtime, the application's code files and the inputs — plus one writable
/// output folder. It dies with its parent.
/// </summary>
internal static class Bubblewrap
{
    private static readonly string[] Candidates = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];
    private static readonly Lazy<(string? Path, string? Problem)> Probe = new(RunProbe);

    /// <summary>The bwrap executable when it can create its namespaces here; otherwise null and why.</summary>
    public static (string? Path, string? Problem) Usable => Probe.Value;

    public const string OutputInside = "/out";

    /// <summary>Namespaces and privileges: the same for the sandbox and the probe that tells whether bubblewrap can run here.</summary>
    private static readonly string[] Isolation = ["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--cap-drop", "ALL"];

    /// <param name="seccompFd">A descriptor bubblewrap inherits holding the launch filter (<see cref="Walls.SeccompPolicy"/>).</param>
    public static IReadOnlyList<string> Arguments(SandboxRuntime runtime, IReadOnlyList<SandboxInput> inputs, string outputDirectory,
        IReadOnlyDictionary<string, string> environment, int seccompFd)
    {
        var args = new List<string>(Isolation) { "--new-session", "--clearenv", "--seccomp", seccompFd.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in environment)
            args.AddRange(["--setenv", name, value]);

        // System libraries (libc, libstdc++, libgomp): /usr/lib and the loader, and /lib, /lib64 as on the host.
        foreach (var dir in new[] { "/usr/lib", "/usr/lib64" }.Where(Directory.Exists))
            args.AddRange(["--ro-bind", dir, dir]);
        foreach (var dir in new[] { "/lib", "/lib64" })
        {
            var info = new DirectoryInfo(dir);
            if (info.LinkTarget is { } target)
                args.AddRange(["--symlink", target, dir]);
            else if (info.Exists)
                args.AddRange(["--ro-bind", dir, dir]);
        }
        if (File.Exists("/etc/ld.so.cache"))
            args.AddRange(["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]);
        // The CPU list, which libtorch and OpenMP read to size their thread pools.
        if (Directory.Exists("/sys/devices/system/cpu"))
            args.AddRange(["--ro-bind", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]);

        // The .NET host, its resolver and this runtime version only.
        args.AddRange(["--ro-bind", runtime.DotnetHost, runtime.DotnetHost]);
        foreach (var dir in new[] { Path.Combine(runtime.DotnetRoot, "host"), runtime.RuntimeDirectory }.Where(Directory.Exists))
            args.AddRange(["--ro-bind", dir, dir]);

        // The application's folder, with everything that is not code hidden (settings files stay out of reach).
        args.AddRange(["--ro-bind", runtime.AppDirectory, runtime.AppDirectory]);
        foreach (var file in Directory.EnumerateFiles(runtime.AppDirectory, "*", SearchOption.AllDirectories).Where(f => !Walls.AppCodeFiles.IsCode(f)))
            args.AddRange(["--ro-bind", "/dev/null", file]);

        foreach (var input in inputs)
        {
            string inside = input.PathUnderBubblewrap;
            args.AddRange(["--ro-bind", input.HostPath, inside]);
        }
        args.AddRange(["--bind", outputDirectory, OutputInside, "--chdir", OutputInside, "--proc", "/proc", "--dev", "/dev"]);
        // GPUs, when the machine has them (a CUDA build needs the NVIDIA device nodes).
        foreach (var device in Directory.EnumerateFiles("/dev", "nvidia*"))
            args.AddRange(["--dev-bind", device, device]);
        // Nothing but the output folder is writable: a model cannot fill memory through a tmpfs (/, /dev/shm).
        args.AddRange(["--remount-ro", "/dev", "--remount-ro", "/"]);
        return args;
    }

    private static (string?, string?) RunProbe()
    {
        if (!OperatingSystem.IsLinux())
            return (null, "bubblewrap only exists on Linux");
        var bwrap = Candidates.FirstOrDefault(File.Exists);
        if (bwrap is null)
            return (null, "bubblewrap is not installed (Debian package bubblewrap)");
        try
        {
            var start = new ProcessStartInfo(bwrap) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in Isolation.Concat(["--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
                         "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "/usr/bin/true"]))
                start.ArgumentList.Add(arg);
            using var probe = Process.Start(start)!;
            string error = probe.StandardError.ReadToEnd();
            if (!probe.WaitForExit(10_000))
            {
                probe.Kill();
                return (null, "bubblewrap did not answer within 10 seconds");
            }
            return probe.ExitCode == 0 ? (bwrap, null) : (null, $"bubblewrap cannot create its namespaces here, or is older than 0.8 ({error.Trim()})");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return (null, $"bubblewrap could not be started ({e.Message})");
        }
    }
}
