using System.Text.Json;
using Aegis.Sandbox.Protocol;

namespace Aegis.Sandbox.Child;

/// <summary>One thing the sandbox can do with its model; found by <see cref="OperationRegistry"/>.</summary>
public interface ISandboxOperation
{
    /// <summary>The name requests use (Aegis.Sandbox.Operations.OperationNames).</summary>
    string Name { get; }
    object Run(JsonElement arguments, SandboxContext context);
}

/// <summary>
/// An operation with typed request and result records (both in Aegis.Sandbox/Operations, so
/// the parent uses the same types). Run on the sandbox's one operation thread; report progress
/// through <see cref="SandboxContext.Progress"/> at least every few seconds, or the parent takes
/// the silence for a hung model.
/// </summary>
public abstract class SandboxOperation<TRequest, TResult> : ISandboxOperation
    where TResult : notnull
{
    public abstract string Name { get; }

    public abstract TResult Run(TRequest request, SandboxContext context);

    object ISandboxOperation.Run(JsonElement arguments, SandboxContext context) => Run(SandboxJson.Deserialize<TRequest>(arguments), context);
}
