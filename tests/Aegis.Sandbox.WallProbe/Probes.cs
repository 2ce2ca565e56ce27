using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Aegis.Sandbox.WallProbe;

public sealed record ProbeRequest(string? Path = null, int Pid = 0, int Mib = 0, double Seconds = 0);

/// <summary>0 and a value when the call succeeded; otherwise the errno it failed with.</summary>
public sealed record ProbeAnswer(int Errno, long Value = 0);

/// <summary>What a hostile model with native code would try, one raw call each.</summary>
internal static unsafe partial class Probes
{
    private const int OReadOnly = 0, OWriteOnly = 1, OReadWrite = 2, OCreate = 0x40, OTruncate = 0x200, OCloseOnExec = 0x80000;
    private const int AfUnix = 1, AfInet = 2, SockStream = 1;
    private const int CloneNewUser = 0x10000000, PtraceAttach = 16, IpcCreate = 0x200, IpcRemove = 0;
    private const int ProtReadWrite = 3, MapShared = 1, MapAnonymous = 0x20;

    public static ProbeAnswer Run(string operation, ProbeRequest request, Action<double> progress) => operation switch
    {
        "read-file" => ReadFile(request.Path!),
        "write-file" => Check(Open(request.Path!, OWriteOnly | OCreate | OTruncate | OCloseOnExec, 0x180), close: true),
        "create-dev-shm" => CreateAndRemove($"/dev/shm/aegis-probe-{Environment.ProcessId}"),
        "memfd" => Check(MemfdCreate("aegis-probe", 0), close: true),
        "memfd-fill" => FillMemfd((long)request.Mib << 20),
        "socket-inet" => Check(Socket(AfInet, SockStream, 0), close: true),
        "socket-unix" => Check(Socket(AfUnix, SockStream, 0), close: true),
        "fork" => Fork(),
        "unshare-user" => Check(Unshare(CloneNewUser)),
        // A process that cannot exist (beyond any pid_max): ESRCH when the call is allowed at all.
        "ptrace" => Check((int)Ptrace(PtraceAttach, 0x3FFFFFFF, 0, 0)),
        "shmget" => SharedSegment(),
        // A program that does not exist: ENOENT when the call is allowed at all (a probe must not replace itself).
        "execve" => Check(Execve("/nonexistent/aegis-probe", [0], [0])),
        "kill" => Check(Kill(request.Pid, 0)),
        "symlink" => Check(Symlink("/usr/lib", request.Path!)),
        "shared-memory" => HoldSharedMemory((long)request.Mib << 20, request.Seconds, progress),
        "hold" => Hold(request.Seconds, progress),
        "pipes" => Pipes(),
        _ => throw new ArgumentException($"No probe named {operation}."),
    };

    private static ProbeAnswer Check(int result, bool close = false)
    {
        if (result < 0)
            return new ProbeAnswer(Marshal.GetLastPInvokeError());
        if (close)
            Close(result);
        return new ProbeAnswer(0, result);
    }

    private static ProbeAnswer ReadFile(string path)
    {
        int fd = Open(path, OReadOnly | OCloseOnExec, 0);
        if (fd < 0)
            return new ProbeAnswer(Marshal.GetLastPInvokeError());
        var buffer = new byte[16];
        long read = Read(fd, buffer, buffer.Length);
        Close(fd);
        return new ProbeAnswer(0, read);
    }

    private static ProbeAnswer CreateAndRemove(string path)
    {
        var answer = Check(Open(path, OReadWrite | OCreate | OCloseOnExec, 0x180), close: true);
        if (answer.Errno == 0)
            File.Delete(path);
        return answer;
    }

    /// <summary>Memory in a memfd that is written but never mapped is in no resident set; answers how many bytes it came to hold.</summary>
    private static ProbeAnswer FillMemfd(long bytes)
    {
        int fd = MemfdCreate("aegis-probe-fill", 0);
        if (fd < 0)
            return new ProbeAnswer(Marshal.GetLastPInvokeError());
        var chunk = new byte[1 << 20];
        long written = 0;
        while (written < bytes && Write(fd, chunk, chunk.Length) == chunk.Length)
            written += chunk.Length;
        Close(fd);
        return new ProbeAnswer(0, written);
    }

    private static ProbeAnswer Fork()
    {
        int child = ForkCall();
        if (child == 0)
            ExitNow(0);
        if (child < 0)
            return new ProbeAnswer(Marshal.GetLastPInvokeError());
        WaitPid(child, 0, 0);
        return new ProbeAnswer(0, child);
    }

    private static ProbeAnswer SharedSegment()
    {
        int id = ShmGet(0, 1L << 30, IpcCreate | 0x180);
        if (id < 0)
            return new ProbeAnswer(Marshal.GetLastPInvokeError());
        ShmCtl(id, IpcRemove, 0);
        return new ProbeAnswer(0, id);
    }

    /// <summary>Shared anonymous memory is outside RLIMIT_DATA; only the parent's resident-memory watch can see it.</summary>
    private static ProbeAnswer HoldSharedMemory(long bytes, double seconds, Action<double> progress)
    {
        nint memory = Mmap(0, (nint)bytes, ProtReadWrite, MapShared | MapAnonymous, -1, 0);
        if (memory == -1)
            return new ProbeAnswer(Marshal.GetLastPInvokeError());
        byte* pages = (byte*)memory;
        for (long offset = 0; offset < bytes; offset += 4096)
            pages[offset] = 1;
        Hold(seconds, progress);
        Munmap(memory, (nint)bytes);
        return new ProbeAnswer(0, bytes);
    }

    /// <summary>Makes pipes (kernel memory outside the resident set) until the descriptor limit stops it; answers how many.</summary>
    private static ProbeAnswer Pipes()
    {
        var opened = new List<int>();
        var pair = new int[2];
        while (opened.Count < 1_000_000 && Pipe(pair) == 0)
            opened.AddRange(pair);
        int errno = Marshal.GetLastPInvokeError();
        foreach (int fd in opened)
            Close(fd);
        return new ProbeAnswer(errno, opened.Count / 2);
    }

    private static ProbeAnswer Hold(double seconds, Action<double> progress)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            progress(clock.Elapsed.TotalSeconds / seconds);
            Thread.Sleep(200);
        }
        return new ProbeAnswer(0);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial long Read(int fd, byte[] buffer, long count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial long Write(int fd, byte[] buffer, long count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "pipe", SetLastError = true)]
    private static partial int Pipe([Out] int[] descriptors);

    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "fork", SetLastError = true)]
    private static partial int ForkCall();

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitNow(int status);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, nint status, int options);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "ptrace", SetLastError = true)]
    private static partial long Ptrace(long request, int pid, nint address, nint data);

    [LibraryImport("libc", EntryPoint = "shmget", SetLastError = true)]
    private static partial int ShmGet(int key, long size, int flags);

    [LibraryImport("libc", EntryPoint = "shmctl", SetLastError = true)]
    private static partial int ShmCtl(int id, int command, nint buffer);

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execve(string path, nint[] argv, nint[] envp);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "symlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Symlink(string target, string link);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nint length);
}
