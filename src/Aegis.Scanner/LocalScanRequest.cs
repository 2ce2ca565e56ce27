using Aegis.Sandbox;
using Aegis.Core.Detection;

namespace Aegis.Scanner;

/// <summary>One scan on this machine: a model file, the folder of its clean training data, where to write.</summary>
public sealed record LocalScanRequest
{
    public required string ModelPath { get; init; }
    public required string DataDirectory { get; init; }
    public required string OutputDirectory { get; init; }
    public ScanParameters Parameters { get; init; } = new();
    /// <summary>The model's sandbox: device, limits, isolation.</summary>
    public SandboxOptions Sandbox { get; init; } = new();
    /// <summary>Also write each class's feature matrices as .npy (for `aegis cluster` and scikit-learn comparisons).</summary>
    public bool SaveFeatures { get; init; }
    public bool WriteReport { get; init; } = true;
}
