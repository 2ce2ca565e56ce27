using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Telemetry;

namespace Aegis.Pipeline.Workers;

/// <summary>Translate class <see cref="Label"/> of scan <see cref="ScanId"/>: the TranslateClass activity's input and a worker's request body.</summary>
public sealed record TranslationRequest(string ScanId, int Label, BlobRef Model, string Dataset, ScanParameters Parameters) : IHasClassLabel
{
    /// <summary>
    /// What is wrong with this request as a worker receives it (a body is untrusted even with a
    /// valid grant: the scan id and label become a blob name), or null. The model must be in
    /// <paramref name="modelsContainer"/>.
    /// </summary>
    public string? Problem(string modelsContainer) =>
        Label is < 0 or >= ScanParameterLimits.MaxClasses
            ? $"label must be in 0..{ScanParameterLimits.MaxClasses - 1}."
            : JobInput.Problem(ScanId, Model, Dataset, Parameters, modelsContainer);
}

/// <summary>Where a class's features blob is, with the numbers the verdict reports about it.</summary>
public sealed record FeaturesRef
{
    public required string ScanId { get; init; }
    public required int Label { get; init; }
    /// <summary>Blob name in the work container.</summary>
    public required string Path { get; init; }
    public int Translated { get; init; }
    public int Clean { get; init; }
    public double TranslationSuccess { get; init; }
    public double TranslationSeconds { get; init; }
    public double FeatureSeconds { get; init; }
    /// <summary>"in-process" or the worker URL that produced the blob.</summary>
    public string ExecutedBy { get; init; } = "";
}
