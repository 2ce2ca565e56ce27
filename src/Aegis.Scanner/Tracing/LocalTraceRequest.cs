using Aegis.Sandbox;

namespace Aegis.Scanner.Tracing;

/// <summary>One trace on this machine: the model file, the trace (verdict and training data), where to write.</summary>
public sealed record LocalTraceRequest
{
    public required string ModelPath { get; init; }
    public required SampleTraceRequest Trace { get; init; }
    public required string OutputDirectory { get; init; }
    public SandboxOptions Sandbox { get; init; } = new();
    /// <summary>Top suspects drawn on suspects.html.</summary>
    public int PageSuspects { get; init; } = 60;
}
