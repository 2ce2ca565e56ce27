using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Aegis.Testing;

/// <summary>
/// Hostile archives made from a real fixture (robust_clean.pt) the ways issue 16 found and their
/// neighbours: records placed so that readers disagree on the entries, entries only some readers
/// see, and code or pickles whose types the check could read differently from libtorch. Each case
/// is built from the fixture's own bytes or entries, as an attacker without PyTorch would. Linked
/// into the test projects that need it; every case must be refused by `aegis check`.
/// </summary>
public static class HostileModels
{
    public const string CodeSuffix = "/code/__torch__.py";

    /// <summary>What the hostile code in B's or a colliding entry does: read a file, print, write a file.</summary>
    public static readonly string[] PayloadLines =
    [
        "_f = torch.from_file(\"/etc/hostname\", False, 16, dtype=0)",
        "_p = print(_f)",
        "_s = torch.save(x0, \"/tmp/aegis-hostile-written\")",
    ];

    /// <summary>Every case by name: (robust_clean.pt, target path) to the written target.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, string, string>> Cases = new Dictionary<string, Func<string, string, string>>
    {
        ["two-directories"] = (fixture, target) => TwoDirectories(fixture, target),
        ["end-record-in-comment"] = EndRecordInComment,
        ["case-colliding-code"] = CaseCollidingCode,
        ["prepended-entry"] = PrependedEntry,
        ["directory-between-directory-and-end"] = DirectoryBeforeEnd,
        ["local-name-mismatch"] = LocalNameMismatch,
        ["zip64-disagrees-with-unmasked-classic"] = Zip64Disagrees,
        ["masked-end-without-zip64"] = MaskedEndWithoutZip64,
        ["zip64-locator-elsewhere"] = Zip64LocatorElsewhere,
        ["data-descriptor-mismatch"] = DataDescriptorMismatch,
        ["bytes-between-entries"] = BytesBetweenEntries,
        ["entry-inside-entry"] = EntryInsideEntry,
        ["appended-archive"] = AppendedArchive,
        ["encrypted-entry"] = EncryptedEntry,
        ["unknown-method"] = UnknownMethod,
        ["unknown-flags"] = UnknownFlags,
        ["unicode-path-field"] = UnicodePathField,
        ["hidden-deflate-data"] = HiddenDeflateData,
        ["type-comment"] = (fixture, target) => EditCode(fixture, target, TypeComment(withComment: true)),
        ["unchecked-cast-to-archive-class"] = (fixture, target) => EditCode(fixture, target, AddToNet(
            "  def widened(self: __torch__.Net) -> List[int]:\n"
            + "    fc1 = unchecked_cast(__torch__.torch.nn.modules.conv.Conv2d, self.fc1)\n"
            + "    return fc1._reversed_padding_repeated_twice\n")),
        ["annotate-archive-class"] = (fixture, target) => EditCode(fixture, target, AddToNet(
            "  def annotated(self: __torch__.Net) -> Tensor:\n"
            + "    fc1 = annotate(__torch__.torch.nn.modules.linear.Linear, self.fc1)\n"
            + "    return fc1.weight\n")),
        ["duplicate-class"] = (fixture, target) => EditCode(fixture, target, code => Payload(code) + "\n" + code),
        ["duplicate-attribute"] = (fixture, target) => EditCode(fixture, target, DeclareFc1(duplicate: true)),
        ["pickled-class-mismatch"] = (fixture, target) => EditCode(fixture, target, DeclareFc1(duplicate: false)),
    };

    /// <summary>finding 1: [entries][directory B][directory A][zip64 end → B][zip64 locator][classic end → A]; B's code calls the payload.</summary>
    public static string TwoDirectories(string fixture, string target) => TwoDirectories(fixture, target, Payload);

    /// <summary>The two-directory layout with B's code/__torch__.py made by <paramref name="edit"/>.</summary>
    public static string TwoDirectories(string fixture, string target, Func<string, string> edit)
    {
        var zip = new RawZip();
        var items = Locals(zip, fixture);
        var code = items.Single(i => i.Name.EndsWith(CodeSuffix, StringComparison.Ordinal));
        var hostile = zip.Local(code.Name, Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(code.Data))));
        var b = zip.Directory(items.Select(i => i == code ? hostile : i));
        var a = zip.Directory(items);
        zip.Zip64End(items.Count, b);
        zip.End(items.Count, a);
        return zip.Save(target);
    }

    /// <summary>The end record's comment holds directory B and a second end record pointing at it, the file's last 22 bytes.</summary>
    public static string EndRecordInComment(string fixture, string target)
    {
        var zip = new RawZip();
        var items = Locals(zip, fixture);
        var code = items.Single(i => i.Name.EndsWith(CodeSuffix, StringComparison.Ordinal));
        var hostile = zip.Local(code.Name, Encoding.UTF8.GetBytes(Payload(Encoding.UTF8.GetString(code.Data))));
        var a = zip.Directory(items);
        var comment = new RawZip();
        var b = comment.Directory(items.Select(i => i == code ? hostile : i));
        comment.End(items.Count, (zip.Position + 22, b.Size));
        zip.End(items.Count, a, comment.ToArray());
        return zip.Save(target);
    }

    /// <summary>finding 3: code/__TORCH__.py beside code/__torch__.py; libtorch's lookup ignores case.</summary>
    public static string CaseCollidingCode(string fixture, string target)
    {
        var entries = RawZip.EntriesOf(fixture);
        var code = entries.Single(e => e.Name.EndsWith(CodeSuffix, StringComparison.Ordinal));
        string upper = code.Name[..^CodeSuffix.Length] + "/code/__TORCH__.py";
        return RawZip.Plain(entries.Append((upper, Encoding.UTF8.GetBytes(Payload(Encoding.UTF8.GetString(code.Bytes)))))).Save(target);
    }

    /// <summary>A hostile code entry's local record before the first listed entry: readers that scan from the start meet it first.</summary>
    public static string PrependedEntry(string fixture, string target)
    {
        var entries = RawZip.EntriesOf(fixture);
        var code = entries.Single(e => e.Name.EndsWith(CodeSuffix, StringComparison.Ordinal));
        var zip = new RawZip();
        zip.Local(code.Name, Encoding.UTF8.GetBytes(Payload(Encoding.UTF8.GetString(code.Bytes))));
        var items = entries.Select(e => zip.Local(e.Name, e.Bytes)).ToList();
        zip.End(items.Count, zip.Directory(items));
        return zip.Save(target);
    }

    /// <summary>Directory B (pointing at a hostile code record) between directory A and the end record that points at A.</summary>
    public static string DirectoryBeforeEnd(string fixture, string target)
    {
        var zip = new RawZip();
        var items = Locals(zip, fixture);
        var code = items.Single(i => i.Name.EndsWith(CodeSuffix, StringComparison.Ordinal));
        var hostile = zip.Local(code.Name, Encoding.UTF8.GetBytes(Payload(Encoding.UTF8.GetString(code.Data))));
        var a = zip.Directory(items);
        zip.Directory(items.Select(i => i == code ? hostile : i));
        zip.End(items.Count, a);
        return zip.Save(target);
    }

    /// <summary>The code entry's local header names another file than its directory entry.</summary>
    public static string LocalNameMismatch(string fixture, string target)
    {
        var zip = new RawZip();
        var items = RawZip.EntriesOf(fixture).Select(e => e.Name.EndsWith(CodeSuffix, StringComparison.Ordinal)
            ? zip.Local(e.Name, e.Bytes, localName: e.Name.Replace(CodeSuffix, "/code/__evil__.py", StringComparison.Ordinal))
            : zip.Local(e.Name, e.Bytes)).ToList();
        zip.End(items.Count, zip.Directory(items));
        return zip.Save(target);
    }

    /// <summary>The fixture's own zip64 end record (classic fields unmasked) made to count one entry fewer than the classic record.</summary>
    public static string Zip64Disagrees(string fixture, string target)
    {
        var bytes = File.ReadAllBytes(fixture);
        int end = bytes.Length - 22, record = end - 20 - 56;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(end + 10));
        long directory = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 12));
        long last = directory;
        for (int i = 0; i < count - 1; i++)
            last += CentralRecordLength(bytes, last);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(record + 24), count - 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(record + 32), count - 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(record + 40), last - directory);
        File.WriteAllBytes(target, bytes);
        Check(size > last - directory);
        return target;
    }

    /// <summary>A classic end record that masks its entry count for zip64, with no zip64 record to hold it.</summary>
    public static string MaskedEndWithoutZip64(string fixture, string target)
    {
        var zip = new RawZip();
        var items = Locals(zip, fixture);
        zip.End(ushort.MaxValue, zip.Directory(items));
        return zip.Save(target);
    }

    /// <summary>A zip64 locator that points at byte 0 instead of the zip64 end record right before it.</summary>
    public static string Zip64LocatorElsewhere(string fixture, string target)
    {
        var zip = new RawZip();
        var items = Locals(zip, fixture);
        var directory = zip.Directory(items);
        zip.Zip64End(items.Count, directory, locatorTarget: 0);
        zip.End(items.Count, directory);
        return zip.Save(target);
    }

    /// <summary>The fixture with the data descriptor of its first entry carrying another CRC than its directory entry.</summary>
    public static string DataDescriptorMismatch(string fixture, string target)
    {
        var bytes = File.ReadAllBytes(fixture);
        int end = bytes.Length - 22;
        int directory = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16));
        Check((BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)) & 8) != 0);
        int data = 30 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(28));
        int descriptor = data + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(directory + 20));
        Check(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(descriptor)) == 0x08074b50);
        bytes[descriptor + 4] ^= 0xFF;
        File.WriteAllBytes(target, bytes);
        return target;
    }

    /// <summary>16 bytes no directory entry accounts for between two entries.</summary>
    public static string BytesBetweenEntries(string fixture, string target)
    {
        var zip = new RawZip();
        var items = RawZip.EntriesOf(fixture).Select((e, i) =>
        {
            if (i == 3)
                zip.Raw(new byte[16]);
            return zip.Local(e.Name, e.Bytes);
        }).ToList();
        zip.End(items.Count, zip.Directory(items));
        return zip.Save(target);
    }

    /// <summary>The code entry's directory record points at a local record hidden inside another entry's data.</summary>
    public static string EntryInsideEntry(string fixture, string target)
    {
        var entries = RawZip.EntriesOf(fixture);
        var code = entries.Single(e => e.Name.EndsWith(CodeSuffix, StringComparison.Ordinal));
        var zip = new RawZip();
        var items = entries.Where(e => e != code).Select(e => zip.Local(e.Name, e.Bytes)).ToList();
        var inner = new RawZip();
        var hostile = inner.Local(code.Name, Encoding.UTF8.GetBytes(Payload(Encoding.UTF8.GetString(code.Bytes))));
        string padName = code.Name[..^CodeSuffix.Length] + "/extra/pad";
        var pad = zip.Local(padName, inner.ToArray());
        items.Add(pad);
        items.Add(hostile with { Offset = pad.Offset + 30 + Encoding.UTF8.GetByteCount(padName) });
        zip.End(items.Count, zip.Directory(items));
        return zip.Save(target);
    }

    /// <summary>A second, hostile archive appended to the fixture (Python's zipfile reads the appended one).</summary>
    public static string AppendedArchive(string fixture, string target)
    {
        var entries = RawZip.EntriesOf(fixture);
        var hostile = RawZip.Plain(entries.Select(e => e.Name.EndsWith(CodeSuffix, StringComparison.Ordinal)
            ? (e.Name, Encoding.UTF8.GetBytes(Payload(Encoding.UTF8.GetString(e.Bytes))))
            : e));
        File.WriteAllBytes(target, [.. File.ReadAllBytes(fixture), .. hostile.ToArray()]);
        return target;
    }

    public static string EncryptedEntry(string fixture, string target) =>
        Rewrite(fixture, target, "/data.pkl", item => item with { Flags = RawZip.Utf8 | 1 });

    /// <summary>The code entry claims bzip2 (12), which libtorch cannot read and this check does not inflate.</summary>
    public static string UnknownMethod(string fixture, string target) =>
        Rewrite(fixture, target, CodeSuffix, item => item with { Method = 12 });

    /// <summary>General-purpose bit 13: the local header's values are masked (APPNOTE's central directory encryption).</summary>
    public static string UnknownFlags(string fixture, string target) =>
        Rewrite(fixture, target, CodeSuffix, item => item with { Flags = RawZip.Utf8 | 0x2000 });

    /// <summary>An Info-ZIP Unicode path field naming the code entry code/__evil__.py for the readers that honour it.</summary>
    public static string UnicodePathField(string fixture, string target) =>
        Rewrite(fixture, target, CodeSuffix, item =>
        {
            var name = Encoding.UTF8.GetBytes(item.Name.Replace(CodeSuffix, "/code/__evil__.py", StringComparison.Ordinal));
            var field = new byte[4 + 5 + name.Length];
            RawZip.Put16(field, 0, 0x7075);
            RawZip.Put16(field, 2, (ushort)(5 + name.Length));
            field[4] = 1;
            RawZip.Put32(field, 5, System.IO.Hashing.Crc32.HashToUInt32(Encoding.UTF8.GetBytes(item.Name)));
            name.CopyTo(field, 9);
            return item with { CentralExtra = field };
        });

    /// <summary>data.pkl deflated, with 4 KiB after the deflate stream's end inside its compressed size.</summary>
    public static string HiddenDeflateData(string fixture, string target) =>
        Rewrite(fixture, target, "/data.pkl", item =>
        {
            using var buffer = new MemoryStream();
            using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
                deflate.Write(item.Data);
            return item with { Method = 8, Stored = [.. buffer.ToArray(), .. new byte[4096]] };
        });

    /// <summary>
    /// finding 2: a method whose parameter is annotated as the archive's own class, which defines a
    /// method named like a refused tensor method; a '# type:' comment makes the parameter a tensor
    /// for TorchScript. Without the comment (the allowed twin) the call is a method of the class.
    /// </summary>
    public static Func<string, string> TypeComment(bool withComment) => AddToNet(
        "  def to_sparse(self: __torch__.Net) -> Tensor:\n"
        + "    return torch.zeros([1])\n"
        + "  def sparse_of(self: __torch__.Net,\n"
        + "    y: __torch__.Net) -> Tensor:\n"
        + (withComment ? "    # type: (Tensor) -> Tensor\n" : "")
        + "    return y.to_sparse()\n");

    /// <summary>Class Net's fc1 declared as a Conv2d (data.pkl holds a Linear), either instead of or beside its Linear declaration.</summary>
    public static Func<string, string> DeclareFc1(bool duplicate) => code =>
    {
        const string line = "  fc1 : __torch__.torch.nn.modules.linear.Linear\n";
        Check(code.Contains(line, StringComparison.Ordinal));
        return code.Replace(line, (duplicate ? line : "") + "  fc1 : __torch__.torch.nn.modules.conv.Conv2d\n", StringComparison.Ordinal);
    };

    /// <summary>Adds methods to class Net, before its forward.</summary>
    public static Func<string, string> AddToNet(string methods) => code =>
    {
        const string anchor = "  def forward(self: __torch__.Net,\n";
        Check(code.Contains(anchor, StringComparison.Ordinal));
        return code.Replace(anchor, methods + anchor, StringComparison.Ordinal);
    };

    /// <summary>The code of code/__torch__.py with the payload inserted into features().</summary>
    public static string Payload(string code)
    {
        Check(code.Contains(FixtureArchives.FeaturesAnchor, StringComparison.Ordinal));
        return code.Replace(FixtureArchives.FeaturesAnchor, FixtureArchives.FeaturesAnchor + string.Concat(PayloadLines.Select(l => "    " + l + "\n")), StringComparison.Ordinal);
    }

    public static string EditCode(string fixture, string target, Func<string, string> edit) =>
        FixtureArchives.EditEntry(fixture, target, CodeSuffix, edit);

    /// <summary>The fixture written plainly, with the one entry ending in <paramref name="suffix"/> changed by <paramref name="change"/>.</summary>
    private static string Rewrite(string fixture, string target, string suffix, Func<RawZip.Item, RawZip.Item> change)
    {
        var zip = new RawZip();
        var items = RawZip.EntriesOf(fixture).Select(e => e.Name.EndsWith(suffix, StringComparison.Ordinal)
            ? zip.Local(change(new RawZip.Item(e.Name, e.Bytes, 0)))
            : zip.Local(e.Name, e.Bytes)).ToList();
        zip.End(items.Count, zip.Directory(items));
        return zip.Save(target);
    }

    private static List<RawZip.Item> Locals(RawZip zip, string fixture) =>
        RawZip.EntriesOf(fixture).Select(e => zip.Local(e.Name, e.Bytes)).ToList();

    private static long CentralRecordLength(byte[] bytes, long at) =>
        46 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at + 28)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at + 30))
        + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at + 32));

    private static void Check(bool condition)
    {
        if (!condition)
            throw new InvalidOperationException("the fixture no longer has the shape this hostile edit expects");
    }
}
