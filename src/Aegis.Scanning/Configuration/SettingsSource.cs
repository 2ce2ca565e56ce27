using System.Text.Json;

namespace Aegis.Scanning.Configuration;

/// <summary>
/// Reads settings the way the Functions host does locally: environment variables first, then
/// the "Values" of local.settings.json in the working directory (or the given file).
/// </summary>
public static class SettingsSource
{
    public const string LocalSettingsFile = "local.settings.json";

    public static AegisSettings Load(string? localSettingsPath = null)
    {
        var values = ReadValues(localSettingsPath ?? Path.Combine(Directory.GetCurrentDirectory(), LocalSettingsFile));
        return AegisSettings.FromValues(key => Environment.GetEnvironmentVariable(key) ?? values.GetValueOrDefault(key));
    }

    public static IReadOnlyDictionary<string, string?> ReadValues(string path)
    {
        if (!File.Exists(path))
            return new Dictionary<string, string?>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
                return new Dictionary<string, string?>();
            return values.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString());
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {e.Message}", e);
        }
    }
}
