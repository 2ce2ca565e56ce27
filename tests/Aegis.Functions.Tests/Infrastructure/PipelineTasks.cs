using Aegis.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Aegis.Functions.Tests.Infrastructure;

/// <summary>The pipeline's Durable Task SDK activity classes, found in its assembly, with their TaskActivity&lt;TInput, TOutput&gt; base.</summary>
internal static class PipelineTasks
{
    public static IReadOnlyList<(Type Activity, Type Input, Type Output)> Activities { get; } =
        typeof(ScanOrchestrator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract)
            .Select(t => (Type: t, Base: ActivityBase(t)))
            .Where(t => t.Base is not null)
            .Select(t => (t.Type, t.Base!.GetGenericArguments()[0], t.Base.GetGenericArguments()[1]))
            .ToArray();

    private static Type? ActivityBase(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(TaskActivity<,>))
                return t;
        return null;
    }
}
