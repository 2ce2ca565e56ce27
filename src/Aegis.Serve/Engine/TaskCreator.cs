using DurableTask.Core;

namespace Aegis.Serve.Engine;

/// <summary>Registers an SDK orchestrator or activity with the Durable Task Framework's worker under its name: a fresh shim for every work item.</summary>
internal sealed class TaskCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public TaskCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    public override T Create() => _create();
}
