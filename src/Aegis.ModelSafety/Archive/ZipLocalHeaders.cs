using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using static Aegis.ModelSafety.Archive.ZipFormat;
using Aegis.Core.Text;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// Checks that the file holds nothing but what the directory describes, in order: the entries
/// from byte 0, each local header repeating its directory entry (name bytes, flags, method, CRC
/// and sizes, or zeros followed by a data descriptor that repeats them), each entry starting where
/// the previous one ends, up to the directory (which <see cref="ZipEnd"/> placed right before the end
/// records). No byte is left for a second directory, a prepended archive or an entry only some
/// readers see.
/// </summary>
internal static class ZipLocalHeaders
{
    /// <summary>Each entry's data offset, in directory order, or null (with a finding) when the layout is not exactly that.</summary>
    public static long[]? Check(SafeFileHandle file, IReadOnlyList<ZipDirectoryEntry> entries, ZipEnd end, FindingCollector findings)
    {
        var offsets = new long[entries.Count];
        long expected = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.HeaderOffset != expected)
            {
                Refuse(findings, entry.Name, i == 0
                    ? $"{entry.HeaderOffset} bytes before the first entry (prepended data: readers that scan from the start see other entries)"
                    : entry.HeaderOffset > expected
                        ? $"{entry.HeaderOffset - expected} bytes between this entry and the one before (data no directory entry accounts for)"
                        : "this entry overlaps the one before it");
                return null;
            }
            if (Local(file, entry, end.DirectoryOffset, out offsets[i], out expected) is { } problem)
            {
                Refuse(findings, entry.Name, problem);
                return null;
            }
        }
        if (expected != end.DirectoryOffset)
        {
            Refuse(findings, "directory", expected < end.DirectoryOffset
                ? $"{end.DirectoryOffset - expected} bytes between the last entry and the directory (room for another directory or entries)"
                : "the directory starts inside the last entry");
            return null;
        }
        return offsets;
    }

    /// <summary>Why the local header of <paramref name="entry"/> does not repeat it, or null; gives where its data starts and its record ends.</summary>
    private static string? Local(SafeFileHandle file, ZipDirectoryEntry entry, long limit, out long dataOffset, out long next)
    {
        dataOffset = next = 0;
        Span<byte> header = stackalloc byte[LocalHeaderSize];
        if (entry.HeaderOffset + LocalHeaderSize > limit || !FileSlice.ReadAt(file, entry.HeaderOffset, header) || U32(header) != LocalHeaderSignature)
            return $"no local header at byte {entry.HeaderOffset}, where the directory places this entry";
        ushort flags = U16(header[6..]), method = U16(header[8..]);
        uint crc = U32(header[14..]);
        long compressed = U32(header[18..]), length = U32(header[22..]);
        int nameLength = U16(header[26..]), extraLength = U16(header[28..]);
        if (extraLength > ZipExtraFields.MaxBytes)
            return $"a local extra-field block of {extraLength} bytes (at most {ZipExtraFields.MaxBytes})";
        var variable = new byte[nameLength + extraLength];
        dataOffset = entry.HeaderOffset + LocalHeaderSize + variable.Length;
        if (dataOffset > limit || !FileSlice.ReadAt(file, entry.HeaderOffset + LocalHeaderSize, variable))
            return "the local header runs into the directory";
        if (!variable.AsSpan(0, nameLength).SequenceEqual(entry.NameBytes))
            return $"the local header names the entry '{UntrustedText.QuoteAscii(Encoding.UTF8.GetString(variable, 0, nameLength))}', the directory '{UntrustedText.QuoteAscii(entry.Name)}'";
        if (flags != entry.Flags || method != entry.Method)
            return $"the local header's flags or method (0x{flags:X4}, {method}) differ from the directory's (0x{entry.Flags:X4}, {entry.Method})";
        if (ZipExtraFields.Zip64(variable.AsSpan(nameLength), out string? problem) is not { } zip64)
            return problem;
        long unused = 0;
        if (!ZipExtraFields.Resolve(zip64, ref length, ref compressed, ref unused, hasOffset: false, out problem))
            return problem;
        bool descriptor = (flags & DataDescriptorFlag) != 0;
        if (!Repeats(crc, entry.Crc32, descriptor) || !Repeats(compressed, entry.CompressedLength, descriptor) || !Repeats(length, entry.Length, descriptor))
            return "the local header's CRC or sizes differ from the directory's";
        if (entry.CompressedLength > limit - dataOffset)
            return "the entry's data runs into the directory";
        long dataEnd = dataOffset + entry.CompressedLength;
        next = dataEnd;
        return descriptor ? Descriptor(file, entry, dataEnd, wide: zip64.Length > 0, limit, ref next) : null;
    }

    /// <summary>
    /// A data descriptor follows the data when the local header leaves CRC and sizes as zeros
    /// (torch.jit.save does): with its signature, and with 8-byte sizes exactly when the local header is zip64.
    /// </summary>
    private static string? Descriptor(SafeFileHandle file, ZipDirectoryEntry entry, long at, bool wide, long limit, ref long next)
    {
        Span<byte> record = stackalloc byte[wide ? 24 : 16];
        if (at + record.Length > limit || !FileSlice.ReadAt(file, at, record) || U32(record) != DataDescriptorSignature)
            return "no data descriptor after the entry's data, though its flags announce one";
        long compressed = wide ? (long)Math.Min(U64(record[8..]), long.MaxValue) : U32(record[8..]);
        long length = wide ? (long)Math.Min(U64(record[16..]), long.MaxValue) : U32(record[12..]);
        if (U32(record[4..]) != entry.Crc32 || compressed != entry.CompressedLength || length != entry.Length)
            return "the data descriptor's CRC or sizes differ from the directory's";
        next = at + record.Length;
        return null;
    }

    /// <summary>A local value equals the directory's, or is zero when a data descriptor carries it.</summary>
    private static bool Repeats(long local, long central, bool descriptor) => local == central || (descriptor && local == 0);

    private static void Refuse(FindingCollector findings, string subject, string message) =>
        findings.Unsafe("archive-layout", subject, subject is "directory" ? "archive" : subject, message);

    private static ushort U16(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    private static uint U32(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    private static ulong U64(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt64LittleEndian(bytes);
}
