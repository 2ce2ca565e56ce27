using Aegis.Sandbox.Operations;
using Aegis.Torch;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>Times the bare forward + input-gradient pass of the model (<see cref="PgdFloor"/>).</summary>
public sealed class MeasureFloorOperation : SandboxOperation<MeasureFloorRequest, MeasureFloorResult>
{
    public override string Name => OperationNames.MeasureFloor;

    public override MeasureFloorResult Run(MeasureFloorRequest request, SandboxContext context) =>
        new(PgdFloor.SecondsPerImage(context.RequireModel(), request.BatchSize, request.Passes, context.Progress));
}
