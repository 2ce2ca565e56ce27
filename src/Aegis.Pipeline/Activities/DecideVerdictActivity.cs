using Aegis.Core.Detection;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>DecideVerdict: step 5 — the decision rule over all classes (Core's <see cref="DecisionRule"/>).</summary>
public sealed class DecideVerdictActivity : ScanActivity<DecideRequest, Decision>
{
    protected override Task<Decision> ExecuteAsync(TaskActivityContext context, DecideRequest input, CancellationToken cancellationToken) =>
        Task.FromResult(DecisionRule.Decide(input.Analyses, input.Parameters));
}
