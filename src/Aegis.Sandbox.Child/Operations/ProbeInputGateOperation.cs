using Aegis.Sandbox.Operations;
using Aegis.Torch;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>The input-gate probe's logits (<see cref="InputGateProbe"/>) on the test split, or on training images when there is none.</summary>
public sealed class ProbeInputGateOperation : SandboxOperation<ProbeInputGateRequest, InputGateArrays>
{
    public override string Name => OperationNames.ProbeInputGate;

    public override InputGateArrays Run(ProbeInputGateRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var heldOut = context.Test ?? context.RequireTraining();
        var probe = new InputGateProbe(model, request.BatchSize).Run(heldOut, request.Images, request.Seed, context.Progress);
        int rows = (1 + probe.Variants.Count) * probe.Images;
        var logits = probe.Reference.Concat(probe.Variants.SelectMany(v => v)).ToArray();
        var finite = Enumerable.Repeat(1, probe.Images).Concat(probe.Finite.SelectMany(f => f.Select(ok => ok ? 1 : 0))).ToArray();
        return new InputGateArrays(context.WriteArray("logits", logits, rows, probe.Classes), context.WriteArray("finite", finite, rows));
    }
}
