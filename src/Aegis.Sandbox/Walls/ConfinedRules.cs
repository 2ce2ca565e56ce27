using System.Runtime.InteropServices;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// What a confined sandbox may touch, as Landlock rules: execute only the dotnet host and its
/// loader; read the system libraries, the .NET runtime, the application's code files (see
/// <see cref="AppCodeFiles"/>), its inputs, its own /proc entries, the CPU and cgroup facts the
/// runtime and libtorch size themselves by, /dev/null and the random devices; write only its
/// output folder (plain files: no links, folders, pipes or devices anywhere). The same view as
/// bubblewrap's, built without namespaces.
/// </summary>
internal static class ConfinedRules
{
    private const LandlockAccess Output = LandlockAccess.Read | LandlockAccess.WriteFile | LandlockAccess.RemoveFile
        | LandlockAccess.MakeReg | LandlockAccess.Truncate;

    /// <summary>Global /proc files the runtime, glibc and libtorch read (memory, CPUs).</summary>
    public static readonly string[] ProcFiles = ["/proc/meminfo", "/proc/cpuinfo", "/proc/stat"];

    public static void AddTo(Landlock.Ruleset ruleset, IReadOnlyList<string> inputs, string output)
    {
        string host = Environment.ProcessPath ?? throw new WallException("The sandbox does not know its own executable.");
        Require(ruleset, host, LandlockAccess.ReadFile | LandlockAccess.Execute);
        if (ElfInterpreter.Of(host) is { } loader)
            Require(ruleset, loader, LandlockAccess.ReadFile | LandlockAccess.Execute);

        foreach (var system in new[] { "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache" })
            ruleset.Allow(system, LandlockAccess.Read);

        // The .NET host looks for its resolver and lists the runtime versions; it reads only this one.
        string runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
        string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        Require(ruleset, runtime, LandlockAccess.Read);
        ruleset.Allow(Path.Combine(root, "host"), LandlockAccess.Read);
        string versions = Path.GetDirectoryName(runtime)!;
        if (Path.GetFileName(versions) == "Microsoft.NETCore.App")
            ruleset.Allow(versions, LandlockAccess.ReadDir);

        string app = AppContext.BaseDirectory.TrimEnd('/');
        Require(ruleset, app, LandlockAccess.ReadDir);
        foreach (var file in AppCodeFiles.In(app))
            Require(ruleset, file, LandlockAccess.ReadFile);

        foreach (var input in inputs)
            Require(ruleset, input, LandlockAccess.Read);
        Require(ruleset, output, Output);

        // Its own /proc/<pid> (threads name themselves through task/<tid>/comm), never another process's.
        Require(ruleset, $"/proc/{Environment.ProcessId}", LandlockAccess.Read | LandlockAccess.WriteFile);
        foreach (var file in ProcFiles)
            ruleset.Allow(file, LandlockAccess.ReadFile);
        foreach (var folder in new[] { "/sys/devices/system/cpu", "/sys/devices/system/node", "/sys/fs/cgroup" })
            ruleset.Allow(folder, LandlockAccess.Read);

        ruleset.Allow("/dev/null", LandlockAccess.ReadFile | LandlockAccess.WriteFile);
        foreach (var device in new[] { "/dev/zero", "/dev/random", "/dev/urandom" })
            ruleset.Allow(device, LandlockAccess.ReadFile);
        // GPUs, when the machine has them (a CUDA build needs the NVIDIA device nodes).
        foreach (var device in Directory.EnumerateFiles("/dev", "nvidia*"))
            ruleset.Allow(device, LandlockAccess.ReadFile | LandlockAccess.WriteFile | LandlockAccess.IoctlDev);
    }

    private static void Require(Landlock.Ruleset ruleset, string path, LandlockAccess access)
    {
        if (!ruleset.Allow(path, access))
            throw new WallException($"{path} does not exist, so the confined sandbox cannot be given it.");
    }
}
