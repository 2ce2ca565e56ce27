using System.IO.Compression;
using System.Text;

namespace Aegis.Testing;

/// <summary>
/// Hostile copies of a real TorchScript fixture: one code file edited inside the archive, the way an
/// attacker edits a model without PyTorch. Linked into the test projects that need it.
/// </summary>
public static class FixtureArchives
{
    /// <summary>The line after which <see cref="InsertInFeatures"/> inserts: features() of robust_clean.pt, line 23 of code/__torch__.py.</summary>
    public const string FeaturesAnchor = "    x0 = torch.div(_2, std)\n";

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> with the entry ending in <paramref name="entrySuffix"/> edited as text.</summary>
    public static string EditEntry(string source, string target, string entrySuffix, Func<string, string> edit)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            using var reader = entry.Open();
            using var buffer = new MemoryStream();
            reader.CopyTo(buffer);
            var bytes = buffer.ToArray();
            if (entry.FullName.EndsWith(entrySuffix, StringComparison.Ordinal))
                bytes = Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(bytes)));
            using var writer = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            writer.Write(bytes);
        }
        return target;
    }

    /// <summary>robust_clean.pt (at <paramref name="fixture"/>) with <paramref name="line"/> inserted into features(), as line 24 of code/__torch__.py.</summary>
    public static string InsertInFeatures(string fixture, string target, string line) =>
        EditEntry(fixture, target, "/code/__torch__.py", code =>
        {
            if (!code.Contains(FeaturesAnchor, StringComparison.Ordinal))
                throw new InvalidOperationException($"{fixture}: features() no longer has the line the edit anchors on.");
            return code.Replace(FeaturesAnchor, FeaturesAnchor + "    " + line + "\n", StringComparison.Ordinal);
        });
}
