using System.IO.Compression;
using System.Text;

namespace Aegis.Cli.Tests;

/// <summary>Hostile copies of a real fixture: its TorchScript code edited inside the archive, as an attacker would.</summary>
internal static class EditedFixtures
{
    private const string Anchor = "    x0 = torch.div(_2, std)\n";

    /// <summary>robust_clean.pt with <paramref name="line"/> inserted into features() at line 24 of code/__torch__.py.</summary>
    public static string InsertInFeatures(string folder, string line)
    {
        var target = Path.Combine(folder, $"edited-{Guid.NewGuid():N}.pt");
        using var source = ZipFile.OpenRead(TestPaths.Fixture("robust_clean.pt"));
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var reader = entry.Open();
            using var buffer = new MemoryStream();
            reader.CopyTo(buffer);
            var bytes = buffer.ToArray();
            if (entry.FullName.EndsWith("/code/__torch__.py", StringComparison.Ordinal))
            {
                var code = Encoding.UTF8.GetString(bytes);
                Assert.Contains(Anchor, code);
                bytes = Encoding.UTF8.GetBytes(code.Replace(Anchor, Anchor + "    " + line + "\n"));
            }
            using var writer = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            writer.Write(bytes);
        }
        return target;
    }
}
