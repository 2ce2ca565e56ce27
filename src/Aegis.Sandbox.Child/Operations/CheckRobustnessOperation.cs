using Aegis.Sandbox.Operations;
using Aegis.Torch;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>The paper's robustness pre-check on the test split, or on training images when there is none (the parent's report says so).</summary>
public sealed class CheckRobustnessOperation : SandboxOperation<CheckRobustnessRequest, RobustnessResult>
{
    public override string Name => OperationNames.CheckRobustness;

    public override RobustnessResult Run(CheckRobustnessRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var data = context.Test ?? context.RequireTraining();
        var report = new RobustnessCheck(model, request.BatchSize).Run(data, request.Parameters, request.Seed, progress: context.Progress);
        return new RobustnessResult(report, OnTrainingImages: context.Test is null);
    }
}
