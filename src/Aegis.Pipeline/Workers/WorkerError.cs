namespace Aegis.Pipeline.Workers;

/// <summary>The body a worker returns with 422 when the input itself is unusable (retrying elsewhere cannot help).</summary>
public sealed record WorkerError(string Code, string Message);
