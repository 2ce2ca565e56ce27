using System.Buffers.Binary;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// Reads the entry count from a zip's end-of-central-directory record (and its zip64 locator)
/// before <see cref="System.IO.Compression.ZipArchive"/> materialises every entry, so an archive
/// that declares millions of entries is refused without allocating them.
/// </summary>
internal static class ZipDirectoryEnd
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndRecordSize = 22;
    private const int MaxCommentSize = ushort.MaxValue;

    /// <summary>The declared entry count, or null when no end record is found (not a zip, or truncated).</summary>
    public static long? EntryCount(Stream file)
    {
        long searchStart = Math.Max(0, file.Length - EndRecordSize - MaxCommentSize);
        var tail = new byte[file.Length - searchStart];
        file.Position = searchStart;
        file.ReadExactly(tail);
        for (int at = tail.Length - EndRecordSize; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature)
                continue;
            long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            if (count != ushort.MaxValue)
                return count;
            return Zip64EntryCount(file, searchStart + at) ?? count;
        }
        return null;
    }

    private static long? Zip64EntryCount(Stream file, long endRecordOffset)
    {
        if (endRecordOffset < 20)
            return null;
        Span<byte> locator = stackalloc byte[20];
        file.Position = endRecordOffset - 20;
        file.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
            return null;
        long recordOffset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]), long.MaxValue);
        if (recordOffset > file.Length - 56)
            return null;
        Span<byte> record = stackalloc byte[56];
        file.Position = recordOffset;
        file.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
            return null;
        return (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record[32..]), long.MaxValue);
    }
}
