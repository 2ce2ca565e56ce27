using System.Buffers.Binary;
using System.IO.Enumeration;
using System.Runtime.InteropServices;

namespace Aegis.Sandbox;

/// <summary>
/// Measures the sandbox's output folder without trusting it: every entry is examined with lstat
/// semantics (statx with AT_SYMLINK_NOFOLLOW, relative to a descriptor of the folder opened with
/// O_NOFOLLOW), so a link is never followed, and the walk stops after a fixed number of entries.
/// The sandbox only ever writes plain files there; a link, device, pipe or socket, too many
/// entries or a folder that cannot be read is a violation, never "0 bytes".
/// </summary>
internal static partial class OutputFolder
{
    /// <summary>Far more than the protocol leaves at once (a few arrays per request).</summary>
    public const int MaxEntries = 4096;
    private const int MaxDepth = 8;
    private const int AtSymlinkNoFollow = 0x100, StatxType = 0x1, StatxSize = 0x200, StatxBlocks = 0x400;
    private const int TypeMask = 0xF000, RegularFile = 0x8000, DirectoryType = 0x4000;
    private const int Enoent = 2;

    /// <summary>Bytes used (the larger of a file's length and its allocated blocks), or the violation found.</summary>
    public readonly record struct Usage(long Bytes, string? Violation);

    public static Usage Measure(string directory)
    {
        int entries = 0;
        int fd = OpenFolder(-100 /* AT_FDCWD */, directory);
        if (fd < 0)
            return new Usage(0, $"its folder cannot be opened (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            return Walk(fd, 0, ref entries);
        }
        finally
        {
            Close(fd);
        }
    }

    private static Usage Walk(int folder, int depth, ref int entries)
    {
        if (depth > MaxDepth)
            return new Usage(0, $"its folder is nested more than {MaxDepth} levels deep");
        string[] names;
        try
        {
            // The descriptor's own /proc entry names exactly the folder opened, whatever its path now leads to.
            names = [.. new FileSystemEnumerable<string>($"/proc/self/fd/{folder}", (ref FileSystemEntry entry) => entry.FileName.ToString(),
                new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false })];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Usage(0, "its folder cannot be listed");
        }
        long total = 0;
        Span<byte> status = stackalloc byte[256];
        foreach (var name in names)
        {
            if (++entries > MaxEntries)
                return new Usage(total, $"it left more than {MaxEntries} entries in its folder");
            if (Statx(folder, name, AtSymlinkNoFollow, StatxType | StatxSize | StatxBlocks, status) != 0)
            {
                if (Marshal.GetLastPInvokeError() == Enoent)
                    continue; // deleted meanwhile (the parent removes each array it has read)
                return new Usage(total, "an entry in its folder cannot be examined");
            }
            int type = BinaryPrimitives.ReadUInt16LittleEndian(status[0x1C..]) & TypeMask;
            if (type == RegularFile)
            {
                long size = BinaryPrimitives.ReadInt64LittleEndian(status[0x28..]);
                long allocated = BinaryPrimitives.ReadInt64LittleEndian(status[0x30..]) * 512;
                total += Math.Max(size, allocated);
                continue;
            }
            if (type != DirectoryType)
                return new Usage(total, "it put a link, device, pipe or socket into its folder");
            int inner = OpenFolder(folder, name);
            if (inner < 0)
                return new Usage(total, "a folder in its folder cannot be opened");
            try
            {
                var below = Walk(inner, depth + 1, ref entries);
                total += below.Bytes;
                if (below.Violation is not null)
                    return new Usage(total, below.Violation);
            }
            finally
            {
                Close(inner);
            }
        }
        return new Usage(total, null);
    }

    private static int OpenFolder(int parent, string name)
    {
        var (directory, noFollow) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (0x10000, 0x20000),
            Architecture.Arm64 => (0x4000, 0x8000),
            _ => throw new PlatformNotSupportedException("The sandbox's output watch needs Linux on x64 or arm64."),
        };
        const int CloseOnExec = 0x80000, NonBlock = 0x800;
        return OpenAt(parent, name, directory | noFollow | CloseOnExec | NonBlock);
    }

    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenAt(int directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, int mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
