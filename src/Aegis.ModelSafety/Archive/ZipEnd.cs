using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using static Aegis.ModelSafety.Archive.ZipFormat;

namespace Aegis.ModelSafety.Archive;

/// <summary>Where the central directory lies and how many entries it holds, from the end records.</summary>
/// <param name="RecordsStart">Where the end records begin (the zip64 end record, or the classic one): the directory must end exactly here.</param>
internal sealed record ZipEnd(long DirectoryOffset, long DirectorySize, long EntryCount, long RecordsStart)
{
    private const int MaxCommentSize = ushort.MaxValue;

    /// <summary>
    /// Reads the end records the way every reader agrees on them: the classic end record is the
    /// file's last 22 bytes (no comment, nothing appended), and a zip64 locator right before it
    /// must point at a zip64 end record right before the locator, whose values the classic record
    /// repeats or masks. libtorch (miniz) takes the zip64 record whenever a locator is there,
    /// most other readers the classic one; an archive where the two differ is refused.
    /// </summary>
    public static ZipEnd? Read(SafeFileHandle file, long length, FindingCollector findings)
    {
        if (Records(file, length, findings) is not { } end)
            return null;
        long gap = end.RecordsStart - end.DirectoryOffset - end.DirectorySize;
        if (gap != 0)
        {
            Refuse(findings, "directory", gap > 0
                ? $"{gap} bytes between the directory and the end records (room for another directory)"
                : "the directory runs into the end records");
            return null;
        }
        return end;
    }

    private static ZipEnd? Records(SafeFileHandle file, long length, FindingCollector findings)
    {
        if (!EndsWithEndRecord(file, length, findings))
            return null;
        long endAt = length - EndSize;
        Span<byte> end = stackalloc byte[EndSize];
        FileSlice.ReadAt(file, endAt, end);
        var classic = new Fields(
            U16(end[4..]), U16(end[6..]), U16(end[8..]), U16(end[10..]), U32(end[12..]), U32(end[16..]));
        if (U16(end[20..]) != 0)
        {
            Refuse(findings, "end record", $"the end record declares a {U16(end[20..])}-byte comment the file does not hold");
            return null;
        }
        if (endAt >= Zip64LocatorSize + Zip64EndSize && HasLocator(file, endAt))
            return Zip64(file, endAt, classic, findings);
        if (classic.IsMasked)
        {
            Refuse(findings, "end record", "the end record masks its fields for zip64, but no zip64 locator precedes it");
            return null;
        }
        if (classic.Disk != 0 || classic.DirectoryDisk != 0 || classic.EntriesOnDisk != classic.Entries)
        {
            Refuse(findings, "end record", "the end record describes an archive split over several disks");
            return null;
        }
        return new ZipEnd((long)classic.DirectoryOffset, (long)classic.DirectorySize, (long)classic.Entries, endAt);
    }

    private static bool EndsWithEndRecord(SafeFileHandle file, long length, FindingCollector findings)
    {
        long searchStart = Math.Max(0, length - EndSize - MaxCommentSize);
        var tail = new byte[length - searchStart];
        FileSlice.ReadAt(file, searchStart, tail);
        if (tail.Length >= EndSize && U32(tail.AsSpan(tail.Length - EndSize)) == EndSignature)
            return true;
        for (int at = tail.Length - EndSize; at >= 0; at--)
        {
            if (U32(tail.AsSpan(at)) != EndSignature)
                continue;
            long trailing = tail.Length - at - EndSize;
            Refuse(findings, "end record", $"{trailing} bytes follow the end record (a comment or appended data: torch.jit.save writes none, and readers disagree on where such an archive ends)");
            return false;
        }
        findings.Unreadable("archive", "zip", "archive", "no zip end-of-directory record (the file is truncated or not a zip archive)");
        return false;
    }

    private static bool HasLocator(SafeFileHandle file, long endAt)
    {
        Span<byte> signature = stackalloc byte[4];
        return FileSlice.ReadAt(file, endAt - Zip64LocatorSize, signature) && U32(signature) == Zip64LocatorSignature;
    }

    private static ZipEnd? Zip64(SafeFileHandle file, long endAt, Fields classic, FindingCollector findings)
    {
        long locatorAt = endAt - Zip64LocatorSize;
        Span<byte> locator = stackalloc byte[Zip64LocatorSize];
        FileSlice.ReadAt(file, locatorAt, locator);
        long recordAt = locatorAt - Zip64EndSize;
        if (U32(locator[4..]) != 0 || U32(locator[16..]) > 1)
        {
            Refuse(findings, "zip64 locator", "the zip64 locator describes an archive split over several disks");
            return null;
        }
        if (U64(locator[8..]) != (ulong)recordAt)
        {
            Refuse(findings, "zip64 locator", $"the zip64 locator points at byte {U64(locator[8..])}, not at a zip64 end record right before it");
            return null;
        }
        Span<byte> record = stackalloc byte[Zip64EndSize];
        FileSlice.ReadAt(file, recordAt, record);
        if (U32(record) != Zip64EndSignature || U64(record[4..]) != Zip64EndRemainder)
        {
            Refuse(findings, "zip64 end record", "the zip64 locator is not preceded by a plain zip64 end record");
            return null;
        }
        var zip64 = new Fields(U32(record[16..]), U32(record[20..]), U64(record[24..]), U64(record[32..]), U64(record[40..]), U64(record[48..]));
        if (zip64.Disk != 0 || zip64.DirectoryDisk != 0 || zip64.EntriesOnDisk != zip64.Entries)
        {
            Refuse(findings, "zip64 end record", "the zip64 end record describes an archive split over several disks");
            return null;
        }
        if (!classic.Repeats(zip64))
        {
            Refuse(findings, "zip64 end record",
                $"the zip64 end record (directory at byte {zip64.DirectoryOffset}, {zip64.Entries} entries) and the classic end record (directory at byte {classic.DirectoryOffset}, {classic.Entries} entries) "
                + "disagree: libtorch reads the first, most other readers the second");
            return null;
        }
        if (zip64.DirectoryOffset > (ulong)recordAt || zip64.DirectorySize > (ulong)recordAt || zip64.Entries > int.MaxValue)
        {
            Refuse(findings, "zip64 end record", "the zip64 end record places the directory outside the file");
            return null;
        }
        return new ZipEnd((long)zip64.DirectoryOffset, (long)zip64.DirectorySize, (long)zip64.Entries, recordAt);
    }

    private static void Refuse(FindingCollector findings, string subject, string message) =>
        findings.Unsafe("archive-layout", subject, "archive", message);

    private static ushort U16(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    private static uint U32(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    private static ulong U64(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt64LittleEndian(bytes);

    /// <summary>The fields the classic and the zip64 end record share.</summary>
    private readonly record struct Fields(ulong Disk, ulong DirectoryDisk, ulong EntriesOnDisk, ulong Entries, ulong DirectorySize, ulong DirectoryOffset)
    {
        public bool IsMasked => Disk == Masked16 || DirectoryDisk == Masked16 || EntriesOnDisk == Masked16 || Entries == Masked16
            || DirectorySize == Masked32 || DirectoryOffset == Masked32;

        /// <summary>Each classic field either masked (the zip64 record holds it) or equal to the zip64 value: torch.jit.save writes them equal.</summary>
        public bool Repeats(Fields zip64) =>
            Same(Disk, zip64.Disk, Masked16) && Same(DirectoryDisk, zip64.DirectoryDisk, Masked16)
            && Same(EntriesOnDisk, zip64.EntriesOnDisk, Masked16) && Same(Entries, zip64.Entries, Masked16)
            && Same(DirectorySize, zip64.DirectorySize, Masked32) && Same(DirectoryOffset, zip64.DirectoryOffset, Masked32);

        private static bool Same(ulong classic, ulong zip64, ulong mask) => classic == mask || classic == zip64;
    }
}
