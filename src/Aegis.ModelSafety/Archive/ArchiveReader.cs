using System.IO.Compression;
using System.IO.Hashing;

namespace Aegis.ModelSafety.Archive;

/// <summary>
/// Opens a TorchScript archive (a zip) for the check without trusting it: the entry count is read
/// from the end record before the directory is materialised; every entry's name, declared size
/// and compression ratio is checked against <see cref="ModelSafetyLimits"/>; entries are inflated
/// only on request and never past their declared size.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly FindingCollector _findings;

    private ArchiveReader(ZipArchive zip, string root, IReadOnlyList<ArchiveEntry> entries, long inflatedBytes, FindingCollector findings)
    {
        _zip = zip;
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

    /// <summary>Opens and checks the archive's directory; returns null (with findings) when it cannot be used.</summary>
    public static ArchiveReader? Open(string path, ModelSafetyLimits limits, FindingCollector findings)
    {
        var file = File.OpenRead(path);
        try
        {
            if (file.Length > limits.MaxModelBytes)
            {
                findings.Unsafe("archive-size", "file", "archive", $"the file is {file.Length} bytes, more than the {limits.MaxModelBytes}-byte limit");
                file.Dispose();
                return null;
            }
            long? declared = ZipDirectoryEnd.EntryCount(file);
            if (declared is null)
            {
                findings.Unreadable("archive", "zip", "archive", "no zip end-of-directory record (the file is truncated or not a zip archive)");
                file.Dispose();
                return null;
            }
            if (declared > limits.MaxEntries)
            {
                findings.Unsafe("archive-size", "entries", "archive", $"the archive declares {declared} entries, more than the {limits.MaxEntries} allowed");
                file.Dispose();
                return null;
            }
            file.Position = 0;
            var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
            var entries = CheckEntries(zip, limits, findings, out string root, out long inflated);
            return new ArchiveReader(zip, root, entries, inflated, findings);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            findings.Unreadable("archive", "zip", "archive", $"the zip directory is corrupt ({SafeText.Clean(e.Message)})");
            return null;
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
        try
        {
            using var stream = entry.Zip.Open();
            var bytes = new byte[entry.Length];
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                _findings.Unreadable("archive", entry.Name, entry.Name, $"the entry inflates to {read} bytes but declares {entry.Length}");
                return null;
            }
            if (stream.ReadByte() != -1)
            {
                _findings.Unsafe("zip-bomb", entry.Name, entry.Name, $"the entry inflates past the {entry.Length} bytes it declares");
                return null;
            }
            // A reader that stops at the declared size would otherwise see a cut-down entry; the
            // checksum covers everything that was compressed.
            if (Crc32.HashToUInt32(bytes) != entry.Zip.Crc32)
            {
                _findings.Unreadable("archive", entry.Name, entry.Name, "the entry's content does not match its CRC-32 (its declared size or data was altered)");
                return null;
            }
            return bytes;
        }
        catch (InvalidDataException e)
        {
            _findings.Unreadable("archive", entry.Name, entry.Name, $"the entry cannot be inflated ({SafeText.Clean(e.Message)})");
            return null;
        }
    }

    public void Dispose() => _zip.Dispose();

    private static List<ArchiveEntry> CheckEntries(ZipArchive zip, ModelSafetyLimits limits, FindingCollector findings, out string root, out long inflated)
    {
        var entries = new List<ArchiveEntry>(zip.Entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? top = null;
        inflated = 0;
        foreach (var zipEntry in zip.Entries)
        {
            string full = zipEntry.FullName;
            string shown = SafeText.Clean(full);
            if (EntryNameRules.Problem(full, limits.MaxEntryNameLength) is { } problem)
            {
                findings.Unsafe("archive-entry", full, shown, $"{problem}");
                continue;
            }
            if (!seen.Add(full))
            {
                findings.Unsafe("archive-entry", full, shown, "a second entry of the same name (readers disagree on which one counts)");
                continue;
            }
            if (zipEntry.IsEncrypted)
            {
                findings.Unreadable("archive-entry", full, shown, "an encrypted entry cannot be checked");
                continue;
            }
            int slash = full.IndexOf('/');
            string first = slash < 0 ? "" : full[..slash];
            top ??= first;
            if (slash <= 0 || first != top)
            {
                findings.Unsafe("archive-entry", full, shown, $"an entry outside the archive's root folder '{SafeText.Clean(top)}'");
                continue;
            }

            inflated += zipEntry.Length;
            if (inflated > limits.MaxTotalInflatedBytes)
            {
                findings.Unsafe("archive-size", full, shown, $"the entries inflate to more than the {limits.MaxTotalInflatedBytes}-byte limit");
                break;
            }
            if (zipEntry.Length > limits.CompressionCheckBytes && zipEntry.Length > limits.MaxCompressionRatio * Math.Max(1, zipEntry.CompressedLength))
            {
                findings.Unsafe("zip-bomb", full, shown, $"{zipEntry.CompressedLength} compressed bytes declare {zipEntry.Length} inflated (ratio above {limits.MaxCompressionRatio})");
                continue;
            }
            entries.Add(new ArchiveEntry(full[(slash + 1)..], zipEntry.Length, zipEntry.CompressedLength, zipEntry));
        }
        root = top ?? "";
        return entries;
    }
}
