using System.Buffers.Binary;
using static Aegis.ModelSafety.Archive.ZipFormat;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// An entry's extra-field block: a run of (tag, size, data) records that must fill it exactly.
/// Only the zip64 record changes what an entry means; the Unicode path and comment records, which
/// some readers take over the header's name, are refused.
/// </summary>
internal static class ZipExtraFields
{
    /// <summary>The largest extra block accepted (torch.jit.save's alignment padding is under 70 bytes).</summary>
    public const int MaxBytes = 1024;

    /// <summary>The zip64 record's data, or empty when there is none; null (with <paramref name="problem"/>) when the block is malformed.</summary>
    public static byte[]? Zip64(ReadOnlySpan<byte> block, out string? problem)
    {
        problem = null;
        byte[]? zip64 = null;
        while (!block.IsEmpty)
        {
            if (block.Length < 4 || 4 + BinaryPrimitives.ReadUInt16LittleEndian(block[2..]) > block.Length)
            {
                problem = "an extra field that does not fit its block";
                return null;
            }
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(block);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(block[2..]);
            switch (tag)
            {
                case UnicodePathTag or UnicodeCommentTag:
                    problem = "a Unicode path or comment extra field (readers that honour it see another name)";
                    return null;
                case Zip64ExtraTag when zip64 is not null:
                    problem = "two zip64 extra fields";
                    return null;
                case Zip64ExtraTag:
                    zip64 = block.Slice(4, size).ToArray();
                    break;
            }
            block = block[(4 + size)..];
        }
        return zip64 ?? [];
    }

    /// <summary>
    /// Replaces the masked header values (in APPNOTE's order: inflated size, compressed size, header
    /// offset) with the zip64 record's, which must hold exactly those; false (with a problem) otherwise.
    /// </summary>
    public static bool Resolve(byte[] zip64, ref long length, ref long compressed, ref long offset, bool hasOffset, out string? problem)
    {
        problem = null;
        int needed = 0;
        var data = zip64.AsSpan();
        foreach (var masked in new[] { length == Masked32, compressed == Masked32, hasOffset && offset == Masked32 })
            needed += masked ? 8 : 0;
        if (data.Length != needed)
        {
            problem = needed == 0
                ? "a zip64 extra field on an entry whose header masks no value"
                : $"a zip64 extra field of {data.Length} bytes where the masked values take {needed}";
            return false;
        }
        if (length == Masked32)
            length = Take(ref data);
        if (compressed == Masked32)
            compressed = Take(ref data);
        if (hasOffset && offset == Masked32)
            offset = Take(ref data);
        if (length < 0 || compressed < 0 || offset < 0)
        {
            problem = "a zip64 size or offset beyond any file";
            return false;
        }
        return true;
    }

    private static long Take(ref Span<byte> data)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(data);
        data = data[8..];
        return value > long.MaxValue ? -1 : (long)value;
    }
}
