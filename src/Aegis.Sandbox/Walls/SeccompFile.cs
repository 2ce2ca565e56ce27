using System.Runtime.InteropServices;

namespace Aegis.Sandbox.Walls;

/// <summary>
/// A seccomp program in a sealed memory file, for bubblewrap's <c>--seccomp FD</c>. The descriptor
/// is close-on-exec except while <see cref="ChildSpawner"/> starts bubblewrap (on its one thread),
/// so the filter reaches bubblewrap and nothing else; the seals keep its bytes fixed.
/// </summary>
internal sealed partial class SeccompFile : IDisposable
{
    private const uint MemfdCloexec = 1, MemfdAllowSealing = 2;
    private const int AddSeals = 1033, SealSeal = 1, SealShrink = 2, SealGrow = 4, SealWrite = 8;

    public int Fd { get; }

    public SeccompFile(SeccompProgram program)
    {
        var bytes = program.ToBytes();
        Fd = MemfdCreate("aegis-seccomp", MemfdCloexec | MemfdAllowSealing);
        if (Fd < 0)
            throw new WallException($"memfd_create failed (errno {NativeCalls.LastError}).");
        try
        {
            if (Write(Fd, bytes, bytes.Length) != bytes.Length || Seek(Fd, 0, 0) != 0
                || Fcntl(Fd, AddSeals, SealSeal | SealShrink | SealGrow | SealWrite) != 0)
                throw new WallException($"The seccomp program could not be written for bubblewrap (errno {NativeCalls.LastError}).");
        }
        catch
        {
            NativeCalls.Close(Fd);
            throw;
        }
    }

    public void Dispose() => NativeCalls.Close(Fd);

    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Seek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int command, int argument);
}
