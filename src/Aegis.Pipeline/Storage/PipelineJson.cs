using System.Text.Json;
using Aegis.Core.Verdicts;

namespace Aegis.Pipeline.Storage;

/// <summary>The one JSON shape of everything the pipeline stores or sends: the verdict's (camelCase, NaN allowed).</summary>
public static class PipelineJson
{
    public static JsonSerializerOptions Options => VerdictJson.Options;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Empty {typeof(T).Name} document.");
}
