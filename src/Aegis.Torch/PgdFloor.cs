using System.Diagnostics;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// The arithmetic floor of the translation on this machine: what one forward pass plus the input
/// gradient of the cross-entropy costs per image in libtorch, with nothing else around it (no
/// projection, no copies, no progress). Translation cannot be cheaper than image-steps times this,
/// whoever drives libtorch; the ratio of the measured translation to it is the overhead of the rest.
/// </summary>
public static class PgdFloor
{
    /// <summary>
    /// Seconds per image of the fastest of <paramref name="passes"/> timed passes at <paramref name="batchSize"/>, after two
    /// untimed ones: the fastest, because a floor is what the machine can do, and other work on shared cores only slows a pass.
    /// </summary>
    public static double SecondsPerImage(IImageClassifier model, int batchSize, int passes, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        var shape = model.InputShape;
        using var scope = NewDisposeScope();
        using var generator = new Generator(1, model.Device);
        var images = rand([batchSize, shape.Channels, shape.Height, shape.Width], generator: generator, device: model.Device);
        var labels = randint(model.ClassCount, [batchSize], generator: generator, device: model.Device);
        double fastest = double.PositiveInfinity;
        for (int pass = -2; pass < passes; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            Pass(model, images, labels);
            if (pass >= 0)
            {
                fastest = Math.Min(fastest, clock.Elapsed.TotalSeconds / batchSize);
                progress?.Report((pass + 1) / (double)passes);
            }
        }
        return fastest;
    }

    private static void Pass(IImageClassifier model, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var input = images.detach().requires_grad_(true);
        var loss = nn.functional.cross_entropy(model.Logits(input), labels, reduction: nn.Reduction.Sum);
        // Reading one value waits for the pass to finish on any device.
        _ = autograd.grad([loss], [input])[0].sum().item<float>();
    }
}
