using Aegis.Scanning.Storage;

namespace Aegis.Scanning.Durable;

/// <summary>Activities by name, with their inputs and outputs carried as JSON the way Durable carries them.</summary>
public sealed class ActivityCatalog
{
    private readonly Dictionary<string, Func<string, ActivityContext, CancellationToken, Task<string>>> _activities = new(StringComparer.Ordinal);

    public ActivityCatalog Add<TInput, TOutput>(string name, Func<TInput, ActivityContext, CancellationToken, Task<TOutput>> activity)
    {
        _activities[name] = async (json, context, ct) =>
            PipelineJson.Serialize(await activity(PipelineJson.Deserialize<TInput>(json), context, ct));
        return this;
    }

    internal Func<string, ActivityContext, CancellationToken, Task<string>> Get(string name) =>
        _activities.TryGetValue(name, out var activity)
            ? activity
            : throw new InvalidOperationException($"No activity named '{name}' is registered.");
}
