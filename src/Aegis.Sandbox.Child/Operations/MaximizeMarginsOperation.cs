using Aegis.Sandbox.Operations;
using Aegis.Torch.MaxMargin;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Every requested class's maximum-margin statistic (<see cref="MaxMarginSearch"/>).</summary>
public sealed class MaximizeMarginsOperation : SandboxOperation<MaximizeMarginsRequest, MaximizedMargins>
{
    public override string Name => OperationNames.MaximizeMargins;

    public override MaximizedMargins Run(MaximizeMarginsRequest request, SandboxContext context) =>
        new(new MaxMarginSearch(context.RequireModel()).Run(request.Classes, request.Parameters, request.Seed, request.BatchSize, context.Progress));
}
