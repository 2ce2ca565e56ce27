using System.Runtime.InteropServices;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// Installs a <see cref="SeccompProgram"/> on every thread of the calling process at once
/// (SECCOMP_FILTER_FLAG_TSYNC): the .NET runtime has started its threads before Main runs, and a
/// filter set on one thread would leave them free. Filters stack; a process can only add stricter ones.
/// </summary>
internal static class Seccomp
{
    private const long SetModeFilter = 1, FilterFlagTsync = 1;
    private const int PrGetSeccomp = 21;

    [StructLayout(LayoutKind.Sequential)]
    private struct FilterProgram
    {
        public ushort Length;
        public nint Filter;
    }

    /// <summary>Why a seccomp filter cannot be installed here; null when it can.</summary>
    public static string? Problem { get; } = FindProblem();

    public static void Install(SeccompProgram program)
    {
        if (Problem is { } problem)
            throw new WallException($"seccomp is not available: {problem}");
        var bytes = program.ToBytes();
        long result;
        unsafe
        {
            fixed (byte* filter = bytes)
            {
                var header = new FilterProgram { Length = (ushort)(bytes.Length / 8), Filter = (nint)filter };
                result = NativeCalls.Syscall(X64Syscalls.SeccompCall, SetModeFilter, FilterFlagTsync, (long)&header);
            }
        }
        if (result > 0)
            throw new WallException($"seccomp could not be set on thread {result} (it has a filter of its own).");
        if (result < 0)
            throw new WallException($"seccomp(SECCOMP_SET_MODE_FILTER) failed (errno {NativeCalls.LastError}).");
    }

    private static string? FindProblem()
    {
        if (!OperatingSystem.IsLinux())
            return "seccomp exists only on Linux";
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return $"the sandbox's seccomp allow-list is written for x86_64, and this is {RuntimeInformation.ProcessArchitecture}";
        // 0: no filter yet, 2: filtered (by a container runtime; ours stacks on it); -1 EINVAL: no CONFIG_SECCOMP.
        return NativeCalls.Prctl(PrGetSeccomp, 0, 0, 0, 0) switch
        {
            0 or 2 => null,
            1 => "this process runs in seccomp's strict mode",
            _ => "the kernel has no seccomp (CONFIG_SECCOMP_FILTER)",
        };
    }
}
