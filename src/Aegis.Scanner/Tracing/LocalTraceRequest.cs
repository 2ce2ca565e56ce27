using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Sandbox;

namespace Aegis.Scanner.Tracing;

/// <summary>One trace on this machine: the model, the verdict that flagged it, the training data, where to write.</summary>
public sealed record LocalTraceRequest
{
    public required string ModelPath { get; init; }
    public required ScanVerdict Verdict { get; init; }
    /// <summary>The training data the sandbox reads: IDX files or CIFAR-10 batches (a --samples folder converted to IDX).</summary>
    public required string DataDirectory { get; init; }
    /// <summary>What suspects.json names as the data (the folder the user gave).</summary>
    public required string DataSource { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>The sample identifier of a training row (default: the row number).</summary>
    public Func<int, string>? SampleName { get; init; }
    /// <summary>Seed, batch size and Neural Cleanse's settings (for a class whose trigger the verdict does not carry).</summary>
    public ScanParameters Parameters { get; init; } = new();
    public SandboxOptions Sandbox { get; init; } = new();
    /// <summary>Images of other classes stamped with the trigger, for the features' side of the score.</summary>
    public int StampedImages { get; init; } = 500;
    /// <summary>Top suspects drawn on suspects.html.</summary>
    public int PageSuspects { get; init; } = 60;
}
