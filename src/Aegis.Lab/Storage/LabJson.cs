using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Lab;

/// <summary>JSON settings for lab files: camelCase names, enums as kebab-case strings, indented.</summary>
public static class LabJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json, string source) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"{source}: empty JSON.");
}
