using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using static Aegis.ModelSafety.Archive.ZipFormat;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// Reads the central directory the end records point at: exactly the declared number of entries
/// filling exactly the declared size, each with one meaning (no encryption, known flags and
/// methods, UTF-8 names, sizes deflate can produce). The size is checked against the entry count
/// before the directory is read, so a hostile count or size allocates nothing.
/// </summary>
internal static class ZipDirectory
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The entries in directory order, or null (with findings) when any cannot be read as one thing.</summary>
    public static List<ZipDirectoryEntry>? Read(SafeFileHandle file, ZipEnd end, ModelSafetyLimits limits, FindingCollector findings)
    {
        long perEntry = DirectoryHeaderSize + 4L * limits.MaxEntryNameLength + ZipExtraFields.MaxBytes;
        if (end.DirectorySize > end.EntryCount * perEntry)
        {
            findings.Unsafe("archive-size", "directory", "archive", $"a directory of {end.DirectorySize} bytes for {end.EntryCount} entries (at most {perEntry} bytes each)");
            return null;
        }
        var bytes = new byte[end.DirectorySize];
        if (!FileSlice.ReadAt(file, end.DirectoryOffset, bytes))
        {
            findings.Unreadable("archive", "zip", "archive", "the zip directory runs past the end of the file");
            return null;
        }
        var entries = new List<ZipDirectoryEntry>((int)end.EntryCount);
        bool refused = false;
        int at = 0;
        for (int i = 0; i < end.EntryCount; i++)
        {
            var header = bytes.AsSpan(at);
            if (header.Length < DirectoryHeaderSize || U32(header) != DirectoryHeaderSignature)
            {
                findings.Unreadable("archive", "zip", "archive", $"the zip directory is corrupt (entry {i + 1} of {end.EntryCount} is not a directory header)");
                return null;
            }
            int nameLength = U16(header[28..]), extraLength = U16(header[30..]), commentLength = U16(header[32..]);
            if (DirectoryHeaderSize + nameLength + extraLength + commentLength > header.Length)
            {
                findings.Unreadable("archive", "zip", "archive", $"the zip directory is corrupt (entry {i + 1} runs past its end)");
                return null;
            }
            at += DirectoryHeaderSize + nameLength + extraLength + commentLength;
            var nameBytes = header.Slice(DirectoryHeaderSize, nameLength).ToArray();
            string shown = Encoding.UTF8.GetString(nameBytes);
            if ((U16(header[8..]) & (EncryptedFlag | StrongEncryptionFlag)) != 0)
            {
                findings.Unreadable("archive-entry", shown, shown, "an encrypted entry cannot be checked");
                refused = true;
                continue;
            }
            var entry = Entry(header, nameBytes, header.Slice(DirectoryHeaderSize + nameLength, extraLength), commentLength, out string? problem);
            if (entry is null)
            {
                findings.Unsafe("archive-entry", shown, shown, problem!);
                refused = true;
                continue;
            }
            entries.Add(entry);
        }
        if (at != bytes.Length)
        {
            findings.Unsafe("archive-layout", "directory", "archive", $"the directory holds {bytes.Length - at} bytes after its {end.EntryCount} entries");
            return null;
        }
        return refused ? null : entries;
    }

    private static ZipDirectoryEntry? Entry(ReadOnlySpan<byte> header, byte[] nameBytes, ReadOnlySpan<byte> extra, int commentLength, out string? problem)
    {
        ushort flags = U16(header[8..]), method = U16(header[10..]);
        long compressed = U32(header[20..]), length = U32(header[24..]), offset = U32(header[42..]);
        problem = null;
        if ((flags & ~KnownFlags) != 0)
            problem = $"general-purpose flags 0x{flags:X4}, which this reader does not know (patched data or masked headers)";
        else if (method is not (Stored or Deflated))
            problem = $"compression method {method} (only stored and deflate entries are read)";
        else if (commentLength != 0)
            problem = "an entry comment (torch.jit.save writes none)";
        else if (U16(header[34..]) != 0)
            problem = "an entry on another disk of a split archive";
        else if (extra.Length > ZipExtraFields.MaxBytes)
            problem = $"an extra-field block of {extra.Length} bytes (at most {ZipExtraFields.MaxBytes})";
        else if (Name(nameBytes, flags, out problem) is { } name
            && ZipExtraFields.Zip64(extra, out problem) is { } zip64
            && ZipExtraFields.Resolve(zip64, ref length, ref compressed, ref offset, hasOffset: true, out problem))
        {
            problem = Sizes(method, compressed, length);
            if (problem is null)
                return new ZipDirectoryEntry(name, nameBytes, flags, method, U32(header[16..]), compressed, length, offset);
        }
        return null;
    }

    /// <summary>The name as UTF-8; a non-ASCII name must say it is UTF-8, since readers decode unflagged names as code page 437.</summary>
    private static string? Name(byte[] bytes, ushort flags, out string? problem)
    {
        problem = null;
        try
        {
            string name = StrictUtf8.GetString(bytes);
            if ((flags & Utf8Flag) == 0 && !Ascii.IsValid(bytes))
            {
                problem = "a non-ASCII entry name without the UTF-8 flag (readers decode it differently)";
                return null;
            }
            return name;
        }
        catch (DecoderFallbackException)
        {
            problem = "an entry name that is not UTF-8";
            return null;
        }
    }

    /// <summary>
    /// A stored entry's two sizes are one; deflate never needs more than about 1/8 over the data
    /// (stored blocks cost 5 bytes per 64 KiB), so more compressed bytes than that hide data.
    /// </summary>
    private static string? Sizes(ushort method, long compressed, long length)
    {
        if (method == Stored && compressed != length)
            return $"a stored entry whose compressed size ({compressed}) differs from its size ({length})";
        if (method == Deflated && compressed > length + (length >> 3) + (length >> 6) + 64)
            return $"{compressed} compressed bytes for {length} inflated, more than deflate produces (hidden data)";
        return null;
    }

    private static ushort U16(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    private static uint U32(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
