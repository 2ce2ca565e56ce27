namespace Aegis.Pipeline;

/// <summary>
/// The scanned input (model blob, dataset, sidecar) is unusable. Carries a verdict error code
/// (<see cref="Aegis.Core.Verdicts.ErrorCodes"/>); it becomes an error verdict, never a retry.
/// </summary>
public sealed class ScanInputException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
