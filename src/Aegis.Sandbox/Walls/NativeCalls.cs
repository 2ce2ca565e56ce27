using System.Runtime.InteropServices;

namespace Aegis.Sandbox.Walls;

/// <summary>The libc entry points the walls need (glibc has no wrappers for seccomp and Landlock: those go through syscall).</summary>
internal static partial class NativeCalls
{
    public const int OpenPath = 0x200000, CloseOnExec = 0x80000;
    public const int Eacces = 13, Enoent = 2;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, long argument1, long argument2, long argument3);

    /// <summary>Every argument the call reads must be passed: the kernel takes whatever the register holds.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, long argument1, long argument2, long argument3, long argument4);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, ulong argument2, ulong argument3, ulong argument4, ulong argument5);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    public static int LastError => Marshal.GetLastPInvokeError();
}
