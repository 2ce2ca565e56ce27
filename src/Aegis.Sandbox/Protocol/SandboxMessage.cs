using System.Text.Json;

namespace Aegis.Sandbox.Protocol;

/// <summary>
/// One line the sandbox writes back about request <see cref="Id"/>: progress (any number, each
/// one also proves the model is still moving), then exactly one result or error.
/// </summary>
public sealed record SandboxMessage
{
    public required long Id { get; init; }
    /// <summary>One of <see cref="MessageKinds"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>For progress: the operation's fraction done, 0..1.</summary>
    public double Fraction { get; init; }
    /// <summary>For a result: the operation's result object.</summary>
    public JsonElement? Result { get; init; }
    /// <summary>
    /// For an error: a verdict error code. No text: the parent words the error itself from the code
    /// and the operation, since anything the sandbox writes may have been shaped by the model.
    /// </summary>
    public string? Code { get; init; }
}

public static class MessageKinds
{
    public const string Progress = "progress";
    public const string Result = "result";
    public const string Error = "error";
}
