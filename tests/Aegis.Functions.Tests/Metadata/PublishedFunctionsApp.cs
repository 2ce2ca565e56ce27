using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Functions.Tests.Infrastructure;

namespace Aegis.Functions.Tests.Metadata;

/// <summary>
/// The Functions app published once for every metadata test (the Functions host cannot run here,
/// so what it would load, functions.metadata, extensions.json and host.json, is what is checked).
/// </summary>
public sealed class PublishedFunctionsApp : IAsyncLifetime
{
    public string Folder { get; private set; } = "";
    public IReadOnlyList<JsonObject> Functions { get; private set; } = [];
    public JsonObject Extensions { get; private set; } = new();
    public JsonObject Host { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Folder = await Tool.PublishAsync("src/Aegis.Functions/Aegis.Functions.csproj", "-c", "Release");
        Functions = Read<JsonArray>("functions.metadata").Select(f => f!.AsObject()).ToArray();
        Extensions = Read<JsonObject>("extensions.json");
        Host = Read<JsonObject>("host.json");
    }

    public JsonObject Function(string name) =>
        Functions.SingleOrDefault(f => (string?)f["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"functions.metadata has no function '{name}'; it has {string.Join(", ", Functions.Select(f => f["name"]))}.");

    public static IEnumerable<JsonObject> Bindings(JsonObject function) => function["bindings"]!.AsArray().Select(b => b!.AsObject());

    private T Read<T>(string file) where T : JsonNode
    {
        string path = Path.Combine(Folder, file);
        Assert.True(File.Exists(path), $"{file} is missing from the published app.");
        var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return node as T ?? throw new Xunit.Sdk.XunitException($"{file} is not a JSON {typeof(T).Name}.");
    }

    public Task DisposeAsync()
    {
        if (Folder.Length > 0)
            Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
