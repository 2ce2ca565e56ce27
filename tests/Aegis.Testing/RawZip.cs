using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Aegis.Testing;

/// <summary>
/// A zip archive written record by record, so a test can put each local header, directory and end
/// record where an attacker would (System.IO.Compression only writes well-formed archives). Entries
/// are stored with their sizes in the local header and UTF-8 names unless a test says otherwise.
/// </summary>
public sealed class RawZip
{
    public const ushort Utf8 = 0x0800;

    private readonly MemoryStream _bytes = new();

    public long Position => _bytes.Position;

    /// <summary>A real archive's entries, in order: full name and content.</summary>
    public static List<(string Name, byte[] Bytes)> EntriesOf(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        return zip.Entries.Select(e =>
        {
            using var stream = e.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return (e.FullName, buffer.ToArray());
        }).ToList();
    }

    /// <summary>One entry as its directory record describes it.</summary>
    public sealed record Item(string Name, byte[] Data, long Offset)
    {
        public ushort Flags { get; init; } = Utf8;
        public ushort Method { get; init; }
        public byte[] Stored { get; init; } = Data;
        public byte[] CentralExtra { get; init; } = [];
    }

    /// <summary>Writes a stored entry's local header and data; returns its directory record.</summary>
    public Item Local(string name, byte[] data, string? localName = null) =>
        Local(new Item(name, data, Position), localName);

    /// <summary>Writes the local header and data of <paramref name="item"/> (at the current position).</summary>
    public Item Local(Item item, string? localName = null)
    {
        item = item with { Offset = Position };
        var name = Encoding.UTF8.GetBytes(localName ?? item.Name);
        var header = new byte[30];
        Put32(header, 0, 0x04034b50);
        Put16(header, 4, 20);
        Put16(header, 6, item.Flags);
        Put16(header, 8, item.Method);
        Put32(header, 14, Crc32.HashToUInt32(item.Data));
        Put32(header, 18, (uint)item.Stored.Length);
        Put32(header, 22, (uint)item.Data.Length);
        Put16(header, 26, (ushort)name.Length);
        Raw(header);
        Raw(name);
        Raw(item.Stored);
        return item;
    }

    /// <summary>Writes the directory records of <paramref name="items"/>; returns where the directory starts and its size.</summary>
    public (long Offset, long Size) Directory(IEnumerable<Item> items)
    {
        long start = Position;
        foreach (var item in items)
        {
            var name = Encoding.UTF8.GetBytes(item.Name);
            var header = new byte[46];
            Put32(header, 0, 0x02014b50);
            Put16(header, 4, 20);
            Put16(header, 6, 20);
            Put16(header, 8, item.Flags);
            Put16(header, 10, item.Method);
            Put32(header, 16, Crc32.HashToUInt32(item.Data));
            Put32(header, 20, (uint)item.Stored.Length);
            Put32(header, 24, (uint)item.Data.Length);
            Put16(header, 28, (ushort)name.Length);
            Put16(header, 30, (ushort)item.CentralExtra.Length);
            Put32(header, 42, (uint)item.Offset);
            Raw(header);
            Raw(name);
            Raw(item.CentralExtra);
        }
        return (start, Position - start);
    }

    /// <summary>The classic end record (no comment unless given), as <paramref name="count"/> entries in <paramref name="directory"/>.</summary>
    public void End(long count, (long Offset, long Size) directory, byte[]? comment = null)
    {
        comment ??= [];
        var record = new byte[22];
        Put32(record, 0, 0x06054b50);
        Put16(record, 8, (ushort)count);
        Put16(record, 10, (ushort)count);
        Put32(record, 12, (uint)directory.Size);
        Put32(record, 16, (uint)directory.Offset);
        Put16(record, 20, (ushort)comment.Length);
        Raw(record);
        Raw(comment);
    }

    /// <summary>A zip64 end record followed by its locator, as torch.jit.save writes them before the classic end record.</summary>
    public void Zip64End(long count, (long Offset, long Size) directory, long? locatorTarget = null)
    {
        long at = Position;
        var record = new byte[56];
        Put32(record, 0, 0x06064b50);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(4), 44);
        Put16(record, 12, 45);
        Put16(record, 14, 45);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(24), count);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(32), count);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(40), directory.Size);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(48), directory.Offset);
        Raw(record);
        Zip64Locator(locatorTarget ?? at);
    }

    public void Zip64Locator(long recordOffset)
    {
        var locator = new byte[20];
        Put32(locator, 0, 0x07064b50);
        BinaryPrimitives.WriteInt64LittleEndian(locator.AsSpan(8), recordOffset);
        Put32(locator, 16, 1);
        Raw(locator);
    }

    public void Raw(byte[] bytes) => _bytes.Write(bytes);

    public byte[] ToArray() => _bytes.ToArray();

    public string Save(string path)
    {
        File.WriteAllBytes(path, _bytes.ToArray());
        return path;
    }

    /// <summary>The usual layout: every entry stored, one directory, one end record.</summary>
    public static RawZip Plain(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        var zip = new RawZip();
        var items = entries.Select(e => zip.Local(e.Name, e.Bytes)).ToList();
        zip.End(items.Count, zip.Directory(items));
        return zip;
    }

    public static void Put16(byte[] bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);
    public static void Put32(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
}
