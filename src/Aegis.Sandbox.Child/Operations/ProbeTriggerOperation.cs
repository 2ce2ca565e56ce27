using Aegis.Sandbox.Operations;
using Aegis.Torch;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>The trigger rule's causal check on the test split (the training images when there is none); the probe images follow from the seed.</summary>
public sealed class ProbeTriggerOperation : SandboxOperation<ProbeTriggerRequest, ProbeTriggerResult>
{
    public override string Name => OperationNames.ProbeTrigger;

    public override ProbeTriggerResult Run(ProbeTriggerRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var heldOut = context.Test ?? context.RequireTraining();
        var probe = new TriggerProbe(model, heldOut, request.Parameters, request.Seed, request.BatchSize);
        return new ProbeTriggerResult(probe.ProbeAsync(request.Label, request.Candidates).GetAwaiter().GetResult());
    }
}
