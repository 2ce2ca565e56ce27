using Aegis.Sandbox.Operations;
using Aegis.Torch;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Logits and features of the honest-features probe batch (see <see cref="FeatureProbe"/>).</summary>
public sealed class ProbeFeaturesOperation : SandboxOperation<ProbeFeaturesRequest, FeatureProbeArrays>
{
    public override string Name => OperationNames.ProbeFeatures;

    public override FeatureProbeArrays Run(ProbeFeaturesRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var translation = new TranslationOptions { Epsilon = request.Epsilon, StepSize = request.StepSize, Steps = request.Steps, BatchSize = request.BatchSize };
        var probe = new FeatureProbe(model, request.BatchSize).Run(context.RequireTraining(), request.Images, request.Seed, translation, context.Progress);
        return new FeatureProbeArrays(
            context.WriteArray("logits", probe.Logits, probe.Images, probe.Classes),
            context.WriteArray("features", probe.Features, probe.Images, probe.Dimension));
    }
}
