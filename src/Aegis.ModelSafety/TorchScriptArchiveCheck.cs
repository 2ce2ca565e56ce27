using System.Text;
using Aegis.ModelSafety.Archive;
using Aegis.ModelSafety.Code;
using Aegis.ModelSafety.Pickle;
using Aegis.Core.Text;

namespace Aegis.ModelSafety;

/// <summary>
/// The check of a TorchScript archive: the zip's directory, then the code (parsed and checked
/// against the operator policy), then every pickle (opcodes, globals, tensor storages against
/// their records, archive objects against their classes' declared attribute types). Nothing is
/// loaded with libtorch and no pickle is executed. When all of that passes, every other entry is
/// inflated and verified against its CRC, into the canonical copy when one is asked for.
/// </summary>
internal static class TorchScriptArchiveCheck
{
    public static (ModelInventory? Inventory, CanonicalCopy? Copy) Run(string path, ModelSafetyLimits limits, FindingCollector findings, string? canonicalPath)
    {
        using var archive = ArchiveReader.Open(path, limits, findings);
        if (archive is null)
            return (null, null);

        var byRole = archive.Entries.ToLookup(e => EntryRoles.Of(e.Name));
        foreach (var entry in byRole[EntryRole.Unexpected])
            findings.Unsafe("archive-entry", entry.Name, entry.Name, "an entry a TorchScript archive does not have");
        var records = archive.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        if (!records.ContainsKey("data.pkl"))
            findings.Unreadable("archive", "data.pkl", "archive", "no data.pkl: not a TorchScript archive");

        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        var units = ReadCode(archive, byRole[EntryRole.Code], limits, findings, unreadable);
        var definitions = CodeDefinitions.Collect(units);
        definitions.UnreadableQualifiers.UnionWith(unreadable);
        var operators = TorchScriptCodeScanner.Scan(units, definitions, findings);

        var globals = new SortedSet<string>(StringComparer.Ordinal);
        int tensors = 0;
        var pickles = byRole[EntryRole.DataPickle].Concat(byRole[EntryRole.ConstantsPickle]).Concat(byRole[EntryRole.DebugPickle]);
        foreach (var entry in pickles)
        {
            if (archive.Read(entry, limits.MaxPickleBytes, "a pickle") is not { } bytes)
                continue;
            var scan = PickleScanner.Scan(bytes, entry.Name, findings, q => definitions.IsClass(q) || definitions.InUnreadableFile(q));
            PickledObjectCheck.Run(scan.Objects, definitions, entry.Name, findings);
            globals.UnionWith(scan.Globals);
            tensors += scan.Tensors;
            string folder = entry.Name == "constants.pkl" ? "constants" : "data";
            foreach (var storage in scan.Storages)
                CheckStorage(storage, folder, entry.Name, records, findings);
        }

        CanonicalCopy? copy = null;
        if (findings.Count == 0)
        {
            if (canonicalPath is not null)
                copy = CanonicalArchiveWriter.Write(archive, canonicalPath);
            else
                VerifyEntries(archive);
        }
        var inventory = new ModelInventory
        {
            Entries = archive.Entries.Count,
            InflatedBytes = archive.InflatedBytes,
            CodeFiles = units.Count,
            Classes = definitions.Classes.Count,
            Functions = definitions.Functions.Count,
            Tensors = tensors,
            Operators = operators.ToArray(),
            PickleGlobals = globals.Select(g => UntrustedText.QuoteAscii(g)).ToArray(),
        };
        return (inventory, copy);
    }

    /// <summary>The check's verdict must not depend on whether a copy is written: the entries it did not read are verified too.</summary>
    private static void VerifyEntries(ArchiveReader archive)
    {
        foreach (var entry in archive.Entries)
        {
            if (!archive.CopyTo(entry, Stream.Null))
                return;
        }
    }

    private static List<CodeUnit> ReadCode(ArchiveReader archive, IEnumerable<ArchiveEntry> entries, ModelSafetyLimits limits, FindingCollector findings, HashSet<string> unreadable)
    {
        var units = new List<CodeUnit>();
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        long total = 0;
        foreach (var entry in entries)
        {
            if (CodeUnit.QualifierOf(entry.Name) is not { } qualifier)
            {
                findings.Unsafe("archive-entry", entry.Name, entry.Name, "a code file whose path is not a qualified name libtorch would load");
                continue;
            }
            total += entry.Length;
            if (total > limits.MaxCodeBytes)
            {
                findings.Unsafe("archive-size", entry.Name, entry.Name, $"the code files together exceed the {limits.MaxCodeBytes}-byte limit");
                break;
            }
            if (archive.Read(entry, limits.MaxCodeFileBytes, "a code file") is not { } bytes)
            {
                unreadable.Add(qualifier);
                continue;
            }
            try
            {
                var statements = TorchScriptParser.ParseModule(utf8.GetString(bytes), out var comments);
                units.Add(new CodeUnit(qualifier, entry.Name, statements, comments));
            }
            catch (DecoderFallbackException)
            {
                unreadable.Add(qualifier);
                findings.Unreadable("code", entry.Name, entry.Name, "the code file is not UTF-8 text");
            }
            catch (CodeSyntaxException e)
            {
                unreadable.Add(qualifier);
                findings.Unreadable("code", entry.Name, $"{entry.Name}:{e.Line}", $"the code cannot be checked: {e.Message}");
            }
        }
        return units;
    }

    /// <summary>
    /// libtorch wraps a storage's record in a storage of <c>elements x element size</c> bytes without
    /// comparing the two, so a record shorter than its claim would let tensor reads run past it.
    /// </summary>
    private static void CheckStorage(StorageValue storage, string folder, string pickle, Dictionary<string, ArchiveEntry> records, FindingCollector findings)
    {
        string key = UntrustedText.QuoteAscii(storage.Key);
        string location = $"{pickle}@{storage.Offset}";
        if (storage.Elements == 0)
            return;
        if (!records.TryGetValue($"{folder}/{storage.Key}", out var record))
        {
            findings.Unreadable("storage", storage.Key, location, $"storage '{key}' has no record {folder}/{key}");
            return;
        }
        if ((Int128)storage.Elements * storage.ElementSize > record.Length)
            findings.Unsafe("storage", storage.Key, location, $"storage '{key}' claims {storage.Elements} x {storage.ElementSize} bytes but its record {folder}/{key} holds {record.Length}");
    }
}
