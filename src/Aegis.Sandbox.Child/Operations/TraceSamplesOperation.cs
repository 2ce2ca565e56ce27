using Aegis.Core.Tracing;
using Aegis.Sandbox.Operations;
using Aegis.Torch;

namespace Aegis.Sandbox.Child.Operations;

/// <summary>The trace of one flagged class (<see cref="SampleTracer"/>) on the loaded training data; stamped images from the test split when there is one.</summary>
public sealed class TraceSamplesOperation : SandboxOperation<TraceSamplesRequest, TraceSamplesResult>
{
    public override string Name => OperationNames.TraceSamples;

    public override TraceSamplesResult Run(TraceSamplesRequest request, SandboxContext context)
    {
        var model = context.RequireModel();
        var training = context.RequireTraining();
        var shape = model.InputShape;
        var trigger = new TraceTrigger { Label = request.Label, Source = "request", Shape = shape, Mask = request.Mask, Pattern = request.Pattern }.Checked();
        var output = new SampleTracer(model, request.BatchSize).Run(training, context.Test, trigger, request.Fill, request.Stamped, request.Seed, context.Progress);
        int n = output.Rows.Length, classes = model.ClassCount, dimension = model.FeatureDimension;
        return new TraceSamplesResult(
            context.WriteArray("rows", output.Rows, n),
            context.WriteArray("logits", output.Logits, n, classes),
            context.WriteArray("covered-logits", output.CoveredLogits, n, classes),
            context.WriteArray("features", output.Features, n, dimension),
            context.WriteArray("stamped-logits", output.StampedLogits, output.Stamped, classes),
            context.WriteArray("stamped-features", output.StampedFeatures, output.Stamped, dimension),
            context.WriteArray("reference-features", output.ReferenceFeatures, output.References, dimension));
    }
}
