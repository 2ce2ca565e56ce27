using System.Collections.Concurrent;
using Aegis.Torch.Models;

namespace Aegis.Torch.Tests;

/// <summary>Loads each fixture once for the whole test run (loading validates with forward/backward passes).</summary>
public sealed class ModelCache : IDisposable
{
    private readonly ConcurrentDictionary<string, TorchScriptClassifier> _models = new();

    public TorchScriptClassifier Get(string name) =>
        _models.GetOrAdd(name, n => TorchScriptClassifier.Load(TestData.ModelPath(n)));

    public void Dispose()
    {
        foreach (var model in _models.Values)
            model.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<ModelCache>
{
    public const string Name = "torch";
}
