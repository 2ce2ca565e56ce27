using Aegis.Sandbox.Protocol;

namespace Aegis.Sandbox.Child;

/// <summary>
/// Every operation of the sandbox, found by reflection: to add one (a probe, Neural Cleanse), put
/// its request and result records in Aegis.Sandbox/Operations, write one class deriving from
/// <see cref="SandboxOperation{TRequest, TResult}"/> in Aegis.Sandbox.Child/Operations, and call it from
/// the parent with <c>SandboxSession.CallAsync&lt;TResult&gt;(name, request)</c>. Nothing else to
/// register. Large arrays go back through <see cref="SandboxContext.WriteArray(string, float[], int[])"/>
/// and are read on the parent side with <see cref="SandboxArrays"/>.
/// </summary>
public sealed class OperationRegistry
{
    private readonly Dictionary<string, ISandboxOperation> _operations;

    private OperationRegistry(Dictionary<string, ISandboxOperation> operations) => _operations = operations;

    public IEnumerable<string> Names => _operations.Keys;

    public static OperationRegistry Discover()
    {
        var operations = new Dictionary<string, ISandboxOperation>();
        foreach (var type in typeof(OperationRegistry).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISandboxOperation).IsAssignableFrom(t)))
        {
            var operation = (ISandboxOperation)Activator.CreateInstance(type)!;
            if (!operations.TryAdd(operation.Name, operation))
                throw new InvalidOperationException($"Two sandbox operations are named {operation.Name}.");
        }
        return new OperationRegistry(operations);
    }

    public object Run(SandboxRequest request, SandboxContext context) =>
        _operations.TryGetValue(request.Operation, out var operation)
            ? operation.Run(request.Arguments, context)
            : throw new InvalidOperationException($"The sandbox has no operation named {request.Operation}.");
}
