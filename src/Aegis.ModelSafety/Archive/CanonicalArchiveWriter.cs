using System.Buffers.Binary;
using System.Security.Cryptography;
using static Aegis.ModelSafety.Archive.ZipFormat;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// Writes the canonical copy of a checked archive: exactly its entries, in order, each stored
/// (never compressed) with its CRC and sizes in the local header, contiguous from byte 0, then one
/// directory and one end record; zip64 fields only where a size or offset needs them. The bytes
/// the check read are written as read; every other entry is inflated from the upload and verified
/// against its CRC on the way. libtorch is only ever given this copy.
/// </summary>
internal sealed class CanonicalArchiveWriter
{
    private readonly Stream _output;
    private readonly long _zip64From;
    private readonly List<(ArchiveEntry Entry, byte[] Name, long Offset)> _written = [];
    private long _position;

    /// <param name="zip64From">Sizes and offsets from which zip64 fields are written: 2^32 - 1, as the format requires (lower only to test the zip64 form).</param>
    private CanonicalArchiveWriter(Stream output, long zip64From)
    {
        _output = output;
        _zip64From = zip64From;
    }

    /// <summary>Writes the copy to <paramref name="path"/> (a new file, readable by its owner only); null (with a finding) when an entry is not what the check saw.</summary>
    public static CanonicalCopy? Write(ArchiveReader archive, string path, long zip64From = Masked32)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        bool complete = false;
        try
        {
            using var sha256 = SHA256.Create();
            long length;
            using (var file = new FileStream(path, options))
            using (var hashed = new CryptoStream(file, sha256, CryptoStreamMode.Write))
            {
                var writer = new CanonicalArchiveWriter(hashed, zip64From);
                if (!writer.WriteAll(archive))
                    return null;
                length = writer._position;
            }
            complete = true;
            return new CanonicalCopy(path, Convert.ToHexStringLower(sha256.Hash!), length);
        }
        finally
        {
            if (!complete)
                File.Delete(path);
        }
    }

    private bool WriteAll(ArchiveReader archive)
    {
        foreach (var entry in archive.Entries)
        {
            var name = entry.Zip.NameBytes;
            _written.Add((entry, name, _position));
            LocalHeader(entry, name);
            if (!archive.CopyTo(entry, _output))
                return false;
            _position += entry.Length;
        }
        long directoryOffset = _position;
        foreach (var (entry, name, offset) in _written)
            DirectoryHeader(entry, name, offset);
        End(_written.Count, directoryOffset, _position - directoryOffset);
        return true;
    }

    private void LocalHeader(ArchiveEntry entry, byte[] name)
    {
        bool zip64 = entry.Length >= _zip64From;
        var header = new byte[LocalHeaderSize + name.Length + (zip64 ? 20 : 0)];
        var span = header.AsSpan();
        Put32(span, LocalHeaderSignature);
        Put16(span[4..], zip64 ? Version45 : Version20);
        Put16(span[6..], Utf8Flag);
        Put16(span[8..], Stored);
        Put32(span[14..], entry.Zip.Crc32);
        Put32(span[18..], zip64 ? Masked32 : (uint)entry.Length);
        Put32(span[22..], zip64 ? Masked32 : (uint)entry.Length);
        Put16(span[26..], (ushort)name.Length);
        Put16(span[28..], (ushort)(zip64 ? 20 : 0));
        name.CopyTo(span[LocalHeaderSize..]);
        if (zip64)
            Zip64Extra(span[(LocalHeaderSize + name.Length)..], [entry.Length, entry.Length]);
        Emit(header);
    }

    private void DirectoryHeader(ArchiveEntry entry, byte[] name, long offset)
    {
        bool wideSize = entry.Length >= _zip64From, wideOffset = offset >= _zip64From;
        var wide = new List<long>();
        if (wideSize)
            wide.AddRange([entry.Length, entry.Length]);
        if (wideOffset)
            wide.Add(offset);
        int extra = wide.Count == 0 ? 0 : 4 + 8 * wide.Count;
        var header = new byte[DirectoryHeaderSize + name.Length + extra];
        var span = header.AsSpan();
        Put32(span, DirectoryHeaderSignature);
        Put16(span[4..], wide.Count > 0 ? Version45 : Version20);
        Put16(span[6..], wide.Count > 0 ? Version45 : Version20);
        Put16(span[8..], Utf8Flag);
        Put16(span[10..], Stored);
        Put32(span[16..], entry.Zip.Crc32);
        Put32(span[20..], wideSize ? Masked32 : (uint)entry.Length);
        Put32(span[24..], wideSize ? Masked32 : (uint)entry.Length);
        Put16(span[28..], (ushort)name.Length);
        Put16(span[30..], (ushort)extra);
        Put32(span[42..], wideOffset ? Masked32 : (uint)offset);
        name.CopyTo(span[DirectoryHeaderSize..]);
        if (extra > 0)
            Zip64Extra(span[(DirectoryHeaderSize + name.Length)..], wide);
        Emit(header);
    }

    private void End(int count, long directoryOffset, long directorySize)
    {
        bool zip64 = count >= Masked16 || directoryOffset >= _zip64From || directorySize >= _zip64From;
        if (zip64)
        {
            long recordOffset = _position;
            var record = new byte[Zip64EndSize + Zip64LocatorSize];
            var span = record.AsSpan();
            Put32(span, Zip64EndSignature);
            Put64(span[4..], Zip64EndRemainder);
            Put16(span[12..], Version45);
            Put16(span[14..], Version45);
            Put64(span[24..], count);
            Put64(span[32..], count);
            Put64(span[40..], directorySize);
            Put64(span[48..], directoryOffset);
            var locator = span[Zip64EndSize..];
            Put32(locator, Zip64LocatorSignature);
            Put64(locator[8..], recordOffset);
            Put32(locator[16..], 1);
            Emit(record);
        }
        var end = new byte[EndSize];
        var fields = end.AsSpan();
        Put32(fields, EndSignature);
        Put16(fields[8..], zip64 ? Masked16 : (ushort)count);
        Put16(fields[10..], zip64 ? Masked16 : (ushort)count);
        Put32(fields[12..], zip64 ? Masked32 : (uint)directorySize);
        Put32(fields[16..], zip64 ? Masked32 : (uint)directoryOffset);
        Emit(end);
    }

    private static void Zip64Extra(Span<byte> span, IReadOnlyList<long> values)
    {
        Put16(span, Zip64ExtraTag);
        Put16(span[2..], (ushort)(8 * values.Count));
        for (int i = 0; i < values.Count; i++)
            Put64(span[(4 + 8 * i)..], values[i]);
    }

    private void Emit(byte[] bytes)
    {
        _output.Write(bytes);
        _position += bytes.Length;
    }

    private static void Put16(Span<byte> span, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(span, value);
    private static void Put32(Span<byte> span, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(span, value);
    private static void Put64(Span<byte> span, long value) => BinaryPrimitives.WriteInt64LittleEndian(span, value);
}
