using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Core.Verdicts;

/// <summary>One JSON shape for verdicts everywhere: camelCase, indented, nulls kept so every contract field is present.</summary>
public static class VerdictJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(ScanVerdict verdict) => JsonSerializer.Serialize(verdict, Options);

    public static ScanVerdict Deserialize(string json) =>
        JsonSerializer.Deserialize<ScanVerdict>(json, Options) ?? throw new JsonException("Empty verdict document.");

    /// <summary>Writes to a temporary name, then renames, so a reader never sees half a verdict.</summary>
    public static void WriteFile(string path, ScanVerdict verdict)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, Serialize(verdict));
        File.Move(temp, path, overwrite: true);
    }
}
