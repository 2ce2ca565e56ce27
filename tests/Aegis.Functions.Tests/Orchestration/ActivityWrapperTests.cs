using System.Reflection;
using Aegis.Functions.Orchestration;
using Aegis.Functions.Tests.Infrastructure;
using Aegis.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Aegis.Functions.Tests.Orchestration;

public sealed class ActivityWrapperTests
{
    /// <summary>An activity trigger's payload is deserialized to its parameter's type: it must be the activity's input, and the result its output.</summary>
    [Fact]
    public void EachActivityWrapperTakesItsActivitysInputAndReturnsItsOutput()
    {
        var wrappers = typeof(ScanActivityFunctions).GetMethods()
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(PipelineTasks.Activities.Select(a => a.Activity.Name).Order(), wrappers.Keys.Order());
        foreach (var (activity, input, output) in PipelineTasks.Activities)
        {
            var wrapper = wrappers[activity.Name];
            var trigger = Assert.Single(wrapper.GetParameters(), p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.Equal(input, trigger.ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(output), wrapper.ReturnType);
        }
    }

    [Fact]
    public void OrchestratorWrapperReturnsWhatTheScanOrchestratorReturns()
    {
        var wrapper = typeof(ScanOrchestratorFunction).GetMethod(nameof(ScanOrchestratorFunction.RunAsync))!;
        Assert.Equal(nameof(ScanOrchestrator), wrapper.GetCustomAttribute<FunctionAttribute>()!.Name);
        var types = typeof(ScanOrchestrator).BaseType!.GetGenericArguments();
        Assert.Equal(typeof(TaskOrchestrator<,>), typeof(ScanOrchestrator).BaseType!.GetGenericTypeDefinition());
        Assert.Equal(typeof(Task<>).MakeGenericType(types[1]), wrapper.ReturnType);
    }
}
