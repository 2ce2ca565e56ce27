using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Sandbox.Protocol;

/// <summary>The protocol's JSON: camelCase, one object per line, non-finite numbers spelled out (reports may carry them).</summary>
public static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(JsonElement element) =>
        element.Deserialize<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
}
