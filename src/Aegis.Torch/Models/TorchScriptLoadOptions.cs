using Aegis.Core.Detection;

namespace Aegis.Torch.Models;

/// <summary>What the caller knows about a TorchScript model; anything left null is inferred on load.</summary>
public sealed record TorchScriptLoadOptions
{
    /// <summary>Input shape; null = probe <see cref="TorchScriptClassifier.ProbedShapes"/> in order and keep the first that runs.</summary>
    public ImageShape? InputShape { get; init; }
    /// <summary>Expected number of classes; null = whatever the logits have.</summary>
    public int? ClassCount { get; init; }
    /// <summary>Display name; null = the file name without extension.</summary>
    public string? Name { get; init; }
    /// <summary>Where the model runs; null = the CPU.</summary>
    public TorchSharp.torch.Device? Device { get; init; }
}
