using Aegis.Core.Verdicts;

namespace Aegis.Core.Tracing;

/// <summary>
/// suspects.json: which training samples of the flagged classes carry the trigger, most suspicious
/// first. A clean verdict gives no classes and no suspects, and <see cref="Message"/> says why.
/// </summary>
public sealed record TraceReport
{
    public int SchemaVersion { get; init; } = 1;
    public required string Model { get; init; }
    /// <summary>SHA-256 of the model file (a lab model's weights), the same as the verdict's <c>model.sha256</c>.</summary>
    public required string ModelSha256 { get; init; }
    /// <summary>The verdict traced: "backdoored" or "clean".</summary>
    public required string Verdict { get; init; }
    /// <summary>The training data (a folder of IDX or CIFAR files, or of sample images).</summary>
    public required string Data { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<TracedClass> Classes { get; init; } = [];
    /// <summary>One row per sample of every flagged class, highest score first.</summary>
    public IReadOnlyList<Suspect> Suspects { get; init; } = [];
    /// <summary>Why the trace failed (the pipeline's trace job); the verdict stands, and there are no suspects.</summary>
    public ScanError? Error { get; init; }
}
