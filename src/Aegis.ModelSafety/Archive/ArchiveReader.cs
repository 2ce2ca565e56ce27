using System.IO.Compression;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using Aegis.Core.Text;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// Opens a TorchScript archive (a zip) for the check with its own strict reader (<see cref="ZipEnd"/>,
/// <see cref="ZipDirectory"/>, <see cref="ZipLocalHeaders"/>), so the archive has one meaning for
/// the check and for libtorch: the entry count is read from the end records before the directory is
/// materialised; every entry's name, declared size and compression ratio is checked against
/// <see cref="ModelSafetyLimits"/>; entries are inflated only on request, never past their declared
/// size, and verified against their CRC-32. What the check read is kept, so the canonical copy holds
/// exactly those bytes.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    private const int ChunkBytes = 1 << 20;

    private readonly SafeFileHandle _file;
    private readonly FindingCollector _findings;
    private readonly Dictionary<ArchiveEntry, byte[]> _read = new(ReferenceEqualityComparer.Instance);

    private ArchiveReader(SafeFileHandle file, string root, IReadOnlyList<ArchiveEntry> entries, long inflatedBytes, FindingCollector findings)
    {
        _file = file;
        Root = root;
        Entries = entries;
        InflatedBytes = inflatedBytes;
        _findings = findings;
    }

    /// <summary>The archive's single top folder (torch.jit.save names it after the file).</summary>
    public string Root { get; }

    /// <summary>Entries below <see cref="Root"/>, in archive order.</summary>
    public IReadOnlyList<ArchiveEntry> Entries { get; }

    public long InflatedBytes { get; }

    /// <summary>True when the file starts like a zip archive (a local header or an empty archive's end record).</summary>
    public static bool LooksLikeZip(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4
            && magic[0] == 'P' && magic[1] == 'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
    }

    /// <summary>Opens and checks the archive's layout and directory; returns null (with findings) when it cannot be used.</summary>
    public static ArchiveReader? Open(string path, ModelSafetyLimits limits, FindingCollector findings)
    {
        var file = File.OpenHandle(path);
        try
        {
            long length = RandomAccess.GetLength(file);
            if (length > limits.MaxModelBytes)
            {
                findings.Unsafe("archive-size", "file", "archive", $"the file is {length} bytes, more than the {limits.MaxModelBytes}-byte limit");
                file.Dispose();
                return null;
            }
            if (ZipEnd.Read(file, length, findings) is not { } end)
            {
                file.Dispose();
                return null;
            }
            if (end.EntryCount > limits.MaxEntries)
            {
                findings.Unsafe("archive-size", "entries", "archive", $"the archive declares {end.EntryCount} entries, more than the {limits.MaxEntries} allowed");
                file.Dispose();
                return null;
            }
            if (ZipDirectory.Read(file, end, limits, findings) is not { } directory || ZipLocalHeaders.Check(file, directory, end, findings) is not { } offsets)
            {
                file.Dispose();
                return null;
            }
            var entries = CheckEntries(directory, offsets, limits, findings, out string root, out long inflated);
            return new ArchiveReader(file, root, entries, inflated, findings);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Inflates one entry, at most <paramref name="cap"/> bytes and never more than it declares;
    /// returns null (with a finding) when it is too large, inflates differently or is corrupt.
    /// </summary>
    public byte[]? Read(ArchiveEntry entry, long cap, string what)
    {
        if (entry.Length > cap)
        {
            _findings.Unsafe("archive-size", entry.Name, entry.Name, $"{what} of {entry.Length} bytes is larger than the {cap}-byte limit");
            return null;
        }
        if (_read.TryGetValue(entry, out var known))
            return known;
        var bytes = new byte[entry.Length];
        if (!Inflate(entry, new MemoryStream(bytes)))
            return null;
        _read[entry] = bytes;
        return bytes;
    }

    /// <summary>
    /// Writes the entry's content to <paramref name="destination"/>: the bytes the check read when it
    /// read them, else the entry inflated and verified on the way. False (with a finding) when the
    /// content is not what the directory declares; what was written is then not to be used.
    /// </summary>
    public bool CopyTo(ArchiveEntry entry, Stream destination)
    {
        if (_read.TryGetValue(entry, out var known))
        {
            destination.Write(known);
            return true;
        }
        return Inflate(entry, destination);
    }

    public void Dispose() => _file.Dispose();

    private bool Inflate(ArchiveEntry entry, Stream destination)
    {
        try
        {
            using var data = Open(entry);
            var crc = new Crc32();
            var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(1, entry.Length))];
            long left = entry.Length;
            while (left > 0)
            {
                int read = data.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    _findings.Unreadable("archive", entry.Name, entry.Name, $"the entry inflates to {entry.Length - left} bytes but declares {entry.Length}");
                    return false;
                }
                crc.Append(buffer.AsSpan(0, read));
                destination.Write(buffer, 0, read);
                left -= read;
            }
            if (data.ReadByte() != -1)
            {
                _findings.Unsafe("zip-bomb", entry.Name, entry.Name, $"the entry inflates past the {entry.Length} bytes it declares");
                return false;
            }
            // A reader that stops at the declared size would otherwise see a cut-down entry; the
            // checksum covers everything that was compressed.
            if (crc.GetCurrentHashAsUInt32() != entry.Zip.Crc32)
            {
                _findings.Unreadable("archive", entry.Name, entry.Name, "the entry's content does not match its CRC-32 (its declared size or data was altered)");
                return false;
            }
            return true;
        }
        catch (InvalidDataException e)
        {
            _findings.Unreadable("archive", entry.Name, entry.Name, $"the entry cannot be inflated ({UntrustedText.QuoteAscii(e.Message)})");
            return false;
        }
    }

    private Stream Open(ArchiveEntry entry)
    {
        var slice = new FileSlice(_file, entry.DataOffset, entry.CompressedLength);
        return entry.Zip.Method == ZipFormat.Deflated ? new DeflateStream(slice, CompressionMode.Decompress) : slice;
    }

    private static List<ArchiveEntry> CheckEntries(List<ZipDirectoryEntry> directory, long[] offsets, ModelSafetyLimits limits, FindingCollector findings,
        out string root, out long inflated)
    {
        var entries = new List<ArchiveEntry>(directory.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // libtorch (miniz) looks entries up ignoring ASCII case; folding all of Unicode refuses a superset.
        var folded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? top = null;
        inflated = 0;
        for (int i = 0; i < directory.Count; i++)
        {
            var zipEntry = directory[i];
            string full = zipEntry.Name;
            string shown = UntrustedText.QuoteAscii(full);
            if (EntryNameRules.Problem(full, limits.MaxEntryNameLength) is { } problem)
            {
                findings.Unsafe("archive-entry", full, shown, problem);
                continue;
            }
            if (!seen.Add(full))
            {
                findings.Unsafe("archive-entry", full, shown, "a second entry of the same name (readers disagree on which one counts)");
                continue;
            }
            if (!folded.Add(full))
            {
                findings.Unsafe("archive-entry", full, shown, "an entry whose name differs from another's only in case (libtorch looks names up ignoring case)");
                continue;
            }
            int slash = full.IndexOf('/');
            string first = slash < 0 ? "" : full[..slash];
            top ??= first;
            if (slash <= 0 || first != top)
            {
                findings.Unsafe("archive-entry", full, shown, $"an entry outside the archive's root folder '{UntrustedText.QuoteAscii(top)}'");
                continue;
            }

            if (zipEntry.Length > limits.MaxTotalInflatedBytes - inflated)
            {
                findings.Unsafe("archive-size", full, shown, $"the entries inflate to more than the {limits.MaxTotalInflatedBytes}-byte limit");
                break;
            }
            if (zipEntry.Length > limits.CompressionCheckBytes && zipEntry.Length > limits.MaxCompressionRatio * Math.Max(1, zipEntry.CompressedLength))
            {
                findings.Unsafe("zip-bomb", full, shown, $"{zipEntry.CompressedLength} compressed bytes declare {zipEntry.Length} inflated (ratio above {limits.MaxCompressionRatio})");
                continue;
            }
            if (zipEntry.Length > 0 && full.EndsWith('/'))
            {
                findings.Unsafe("archive-entry", full, shown, "a folder entry that carries data");
                continue;
            }
            inflated += zipEntry.Length;
            entries.Add(new ArchiveEntry(full[(slash + 1)..], zipEntry, offsets[i]));
        }
        root = top ?? "";
        return entries;
    }
}
