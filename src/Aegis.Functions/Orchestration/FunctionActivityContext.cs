using Microsoft.DurableTask;

namespace Aegis.Functions.Orchestration;

/// <summary>What a Durable Task SDK activity learns about its call; an activity trigger passes the instance id as binding data.</summary>
internal sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;
    public override string InstanceId { get; } = instanceId;
}
