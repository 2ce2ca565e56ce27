using Aegis.Sandbox.Operations;
using Aegis.Core.Detection;
using Aegis.Torch.NeuralCleanse;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Every requested class's reversed trigger (<see cref="NeuralCleanseReversal"/>); held out on the test split when there is one.</summary>
public sealed class ReverseTriggersOperation : SandboxOperation<ReverseTriggersRequest, ReversedTriggers>
{
    public override string Name => OperationNames.ReverseTriggers;

    public override ReversedTriggers Run(ReverseTriggersRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var training = context.RequireTraining();
        var triggers = new NeuralCleanseReversal(model).Run(training, context.Test, request.Classes, request.Parameters, request.Seed, context.Progress);
        var shape = model.InputShape;
        return new ReversedTriggers(
            context.WriteArray("masks", triggers.SelectMany(t => t.Mask).ToArray(), triggers.Count, shape.Height * shape.Width),
            context.WriteArray("patterns", triggers.SelectMany(t => t.Pattern).ToArray(), triggers.Count, shape.Size),
            triggers.Select(t => new ReversedTriggerNumbers(t.Label, t.AttackSuccess, t.Reached, t.Cost, t.Epochs, t.HeldOutAttackSuccess)).ToArray(),
            NeuralCleanseReference.Fingerprint(training));
    }
}
