using Aegis.Sandbox.Operations;
using Aegis.Core.Detection;
using Aegis.Torch;
using Aegis.Torch.NeuralCleanse;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Every requested class's reversed trigger (<see cref="NeuralCleanseReversal"/>), and the all-to-all row when asked for; held out on the test split when there is one.</summary>
public sealed class ReverseTriggersOperation : SandboxOperation<ReverseTriggersRequest, ReversedTriggers>
{
    public override string Name => OperationNames.ReverseTriggers;

    public override ReversedTriggers Run(ReverseTriggersRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var training = context.RequireTraining();
        var reversal = new NeuralCleanseReversal(model);
        bool allToAll = request.Parameters.AllToAll;
        var triggers = reversal.Run(training, context.Test, request.Classes, request.Parameters, request.Seed,
            allToAll && context.Progress is { } p ? new ScaledProgress(p, 0.9) : context.Progress);
        var mapping = allToAll
            ? reversal.ReverseAllToAll(training, context.Test, request.Parameters, request.Seed, context.Progress is { } q ? new ScaledProgress(q, 0.1, 0.9) : null)
            : null;
        var shape = model.InputShape;
        return new ReversedTriggers(
            context.WriteArray("masks", triggers.SelectMany(t => t.Mask).ToArray(), triggers.Count, shape.Height * shape.Width),
            context.WriteArray("patterns", triggers.SelectMany(t => t.Pattern).ToArray(), triggers.Count, shape.Size),
            triggers.Select(t => new ReversedTriggerNumbers(t.Label, t.AttackSuccess, t.Reached, t.Cost, t.Epochs, t.HeldOutAttackSuccess)).ToArray(),
            NeuralCleanseReference.Fingerprint(training),
            mapping is null ? null : new ReversedAllToAll(context.WriteArray("all-to-all-mask", mapping.Mask, 1, shape.Height * shape.Width),
                context.WriteArray("all-to-all-pattern", mapping.Pattern, 1, shape.Size),
                mapping.AttackSuccess, mapping.Reached, mapping.Cost, mapping.Epochs, mapping.Destinations));
    }
}
