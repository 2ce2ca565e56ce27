namespace Aegis.Core.Verdicts;

/// <summary>
/// A scan cannot go on because of its input (model, dataset, parameters) or because the model
/// misbehaved in its sandbox. Carries the verdict's error code (<see cref="ErrorCodes"/>); the
/// message says what to fix and never quotes a value the model computed.
/// </summary>
public class ScanFailureException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
