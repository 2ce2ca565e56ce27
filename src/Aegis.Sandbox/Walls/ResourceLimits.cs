using System.Runtime.InteropServices;
using Aegis.Sandbox.Protocol;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// Limits the sandbox puts on itself from the parent's environment, before the model is read:
/// writable private memory (RLIMIT_DATA: an allocation beyond it fails, which libtorch reports),
/// CPU time (RLIMIT_CPU), file size (RLIMIT_FSIZE), open descriptors (RLIMIT_NOFILE, which also
/// bounds the kernel memory pipes and event objects can hold outside the resident set), no core
/// dumps, no new privileges, not traceable; and, outside bubblewrap, death with its parent.
/// RLIMIT_DATA rather than RLIMIT_AS: .NET and libtorch reserve far more address space than they
/// use (a scan needs RLIMIT_AS above 8 GB but only about 0.4 GB of data, measured).
/// </summary>
internal static partial class ResourceLimits
{
    private const int RlimitCpu = 0, RlimitFsize = 1, RlimitData = 2, RlimitCore = 4, RlimitNofile = 7;
    /// <summary>A scan's sandbox holds about 100 descriptors open at most.</summary>
    private const ulong MaxOpenFiles = 1024;
    private const int PrSetPdeathsig = 1, PrSetDumpable = 4, PrSetNoNewPrivs = 38;
    private const int SigKill = 9;

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Current;
        public ulong Maximum;
    }

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
            throw new WallException("The sandbox runs on Linux only.");
        Set(RlimitCore, 0);
        Set(RlimitNofile, MaxOpenFiles);
        if (Read(ChildEnvironment.MemoryBytes) is { } memory)
            Set(RlimitData, memory);
        if (Read(ChildEnvironment.CpuSeconds) is { } cpu)
            Set(RlimitCpu, cpu, cpu + 5);
        if (Read(ChildEnvironment.OutputBytes) is { } output)
            Set(RlimitFsize, output);
        Check(NativeCalls.Prctl(PrSetNoNewPrivs, 1, 0, 0, 0), "PR_SET_NO_NEW_PRIVS");
        Check(NativeCalls.Prctl(PrSetDumpable, 0, 0, 0, 0), "PR_SET_DUMPABLE");
        if (Read(ChildEnvironment.ParentPid) is { } parent)
        {
            Check(NativeCalls.Prctl(PrSetPdeathsig, SigKill, 0, 0, 0), "PR_SET_PDEATHSIG");
            // The parent may have died before the signal was armed.
            if ((ulong)GetParentPid() != parent)
                Environment.Exit(1);
        }
    }

    private static ulong? Read(string variable) =>
        ulong.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : null;

    private static void Set(int resource, ulong current, ulong? maximum = null)
    {
        var limit = new Limit { Current = current, Maximum = maximum ?? current };
        Check(SetLimit(resource, ref limit), $"setrlimit({resource})");
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
            throw new WallException($"{call} failed (errno {Marshal.GetLastPInvokeError()}); the sandbox does not run without its limits.");
    }

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, ref Limit limit);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();
}
