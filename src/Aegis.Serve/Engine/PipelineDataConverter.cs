using Aegis.Pipeline.Storage;
using DurableTask.Core.Serializing;

namespace Aegis.Serve.Engine;

/// <summary>
/// The Durable Task Framework client's serializer, set to the pipeline's JSON (System.Text.Json,
/// camelCase, NaN allowed) so inputs it writes are read back by the SDK classes' converter alike.
/// </summary>
internal sealed class PipelineDataConverter : DataConverter
{
    public override string Serialize(object value) => PipelineJson.Serialize(value);

    public override string Serialize(object value, bool formatted) => PipelineJson.Serialize(value);

    public override object Deserialize(string data, Type objectType) =>
        System.Text.Json.JsonSerializer.Deserialize(data, objectType, PipelineJson.Options)
            ?? throw new System.Text.Json.JsonException($"Empty {objectType.Name} document.");
}
