using Aegis.Lab.Architectures;
using Aegis.Lab.Evaluation;
using Aegis.Lab.Training;

namespace Aegis.Lab.Storage;

/// <summary>
/// <c>model.json</c> beside the TorchSharp weights: what the network is (architecture, input
/// shape, classes, normalisation), how it was trained (options, poisoning with the exact
/// trigger) and how well it does (metrics).
/// </summary>
public sealed record LabModelDescriptor
{
    public const string FormatName = "aegis-lab";
    public const int CurrentSchemaVersion = 1;

    public string Format { get; init; } = FormatName;
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string Name { get; init; }
    public required LabArchitecture Architecture { get; init; }
    public required InputShapeDescriptor InputShape { get; init; }
    public required int ClassCount { get; init; }
    /// <summary>File name of the weights, relative to the descriptor's folder.</summary>
    public required string Weights { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Std { get; init; }
    public string? Dataset { get; init; }
    public TrainingOptions? Training { get; init; }
    public PoisonOptions? Poison { get; init; }
    public int TrainingImages { get; init; }
    public int PoisonedImages { get; init; }
    /// <summary>With --export-data: the rows of the exported training file that are poisoned copies (0-based, ascending).</summary>
    public IReadOnlyList<int>? PoisonedRows { get; init; }
    /// <summary>With --export-data: the folder the training set was written to.</summary>
    public string? ExportedData { get; init; }
    /// <summary>With --exclude: how many training rows were left out.</summary>
    public int? ExcludedRows { get; init; }
    public LabMetrics? Metrics { get; init; }
    public double? TrainingSeconds { get; init; }
}

public sealed record InputShapeDescriptor(int Channels, int Height, int Width);
