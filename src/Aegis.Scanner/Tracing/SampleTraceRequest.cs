using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Scanner.Tracing;

/// <summary>What one trace needs besides the model's sandbox: the verdict that flagged the model and the training data the sandbox loaded.</summary>
public sealed record SampleTraceRequest
{
    public required ScanVerdict Verdict { get; init; }
    /// <summary>The training data the sandbox reads: IDX files or CIFAR-10 batches (a folder of samples converted to IDX).</summary>
    public required string DataDirectory { get; init; }
    /// <summary>What suspects.json names as the data.</summary>
    public required string DataSource { get; init; }
    /// <summary>The sample identifier of a training row (default: the row number).</summary>
    public Func<int, string>? SampleName { get; init; }
    /// <summary>Seed, batch size and Neural Cleanse's settings (for a class whose trigger the verdict does not carry).</summary>
    public ScanParameters Parameters { get; init; } = new();
    /// <summary>Images of other classes stamped with the trigger, for the features' side of the score.</summary>
    public int StampedImages { get; init; } = 500;

    public string NameOf(int row) => SampleName?.Invoke(row) ?? row.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
