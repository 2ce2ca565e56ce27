using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Aegis.Pipeline.Configuration;

/// <summary>
/// The "Values" of a Functions local.settings.json as configuration, read as the Functions host
/// reads them locally: <c>Aegis__X</c> is <c>Aegis:X</c>, and empty values count as unset. Added
/// below the environment, so an environment variable wins over the file.
/// </summary>
public static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";

    /// <param name="path">The file; default local.settings.json in the working folder. A missing file adds nothing.</param>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var values = ReadValues(path ?? Path.Combine(Directory.GetCurrentDirectory(), FileName));
        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values };
        // Lowest precedence: the environment and the command line, added before, stay on top.
        builder.Sources.Insert(0, source);
        return builder;
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
            return values.EnumerateObject()
                .Select(p => (Key: p.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal),
                              Value: p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString()))
                .Where(p => !string.IsNullOrWhiteSpace(p.Value))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {e.Message}", e);
        }
    }
}
