using System.IO.Compression;
using System.Text;

namespace Aegis.ModelSafety.Tests;

/// <summary>
/// Hostile models made from the real fixtures: entries replaced, added or renamed inside the zip,
/// the way an attacker edits a TorchScript archive without PyTorch.
/// </summary>
internal static class HostileArchives
{
    public const string Fixture = "robust_clean";
    public const string Root = "robust_clean_seed2";

    /// <summary>The fixture's entry contents, keyed by full name, in archive order.</summary>
    public static List<(string Name, byte[] Bytes)> Entries(string fixture = Fixture) => RawZip.EntriesOf(Fixtures.Model(fixture));

    public static string Write(string path, IEnumerable<(string Name, byte[] Bytes)> entries, CompressionLevel level = CompressionLevel.NoCompression)
    {
        using var output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var writer = output.CreateEntry(name, level).Open();
            writer.Write(bytes);
        }
        return path;
    }

    /// <summary>The fixture with one entry's bytes replaced (by full name below the root).</summary>
    public static string Replace(TempDirectory folder, string entry, byte[] bytes) =>
        Write(folder.File($"replaced-{Guid.NewGuid():N}.pt"), Entries().Select(e => e.Name == $"{Root}/{entry}" ? (e.Name, bytes) : e));

    /// <summary>The fixture with extra entries appended.</summary>
    public static string Add(TempDirectory folder, params (string Name, byte[] Bytes)[] extra) =>
        Write(folder.File($"added-{Guid.NewGuid():N}.pt"), Entries().Concat(extra));

    /// <summary>The fixture with code/__torch__.py edited; returns the file and the edited source.</summary>
    public static (string Path, string Source) EditCode(TempDirectory folder, Func<string, string> edit)
    {
        string source = "";
        var entries = Entries().Select(e =>
        {
            if (e.Name != $"{Root}/code/__torch__.py")
                return e;
            source = edit(Encoding.UTF8.GetString(e.Bytes));
            return (e.Name, Encoding.UTF8.GetBytes(source));
        }).ToList();
        return (Write(folder.File($"edited-{Guid.NewGuid():N}.pt"), entries), source);
    }

    /// <summary>A copy of <paramref name="archive"/> with the code entry ending in <paramref name="entrySuffix"/> edited.</summary>
    public static string EditEntry(TempDirectory folder, string archive, string entrySuffix, Func<string, string> edit) =>
        FixtureArchives.EditEntry(archive, folder.File($"edited-{Guid.NewGuid():N}.pt"), entrySuffix, edit);

    /// <summary>Inserts lines (indented like the body of features) right after its normalisation line.</summary>
    public static (string Path, string Source) InsertInFeatures(TempDirectory folder, params string[] lines)
    {
        const string anchor = "    x0 = torch.div(_2, std)\n";
        return EditCode(folder, source =>
        {
            Assert.Contains(anchor, source);
            return source.Replace(anchor, anchor + string.Concat(lines.Select(l => "    " + l + "\n")));
        });
    }

    /// <summary>The 1-based line of the first line containing <paramref name="text"/>.</summary>
    public static int LineOf(string source, string text) =>
        source.Split('\n').Select((line, index) => (line, index)).First(l => l.line.Contains(text, StringComparison.Ordinal)).index + 1;

    /// <summary>A protocol-2 pickle calling module.name(argument), the classic payload.</summary>
    public static byte[] CallingPickle(string module, string name, string argument)
    {
        using var buffer = new MemoryStream();
        buffer.Write([0x80, 2]);
        buffer.WriteByte((byte)'c');
        buffer.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        buffer.WriteByte((byte)'X');
        var text = Encoding.UTF8.GetBytes(argument);
        buffer.Write(BitConverter.GetBytes(text.Length));
        buffer.Write(text);
        buffer.Write([0x85, (byte)'R', (byte)'.']);
        return buffer.ToArray();
    }
}
