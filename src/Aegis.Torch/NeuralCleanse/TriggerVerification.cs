using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Torch.Models;
using static TorchSharp.torch;

namespace Aegis.Torch.NeuralCleanse;

/// <summary>
/// Checks a reversed trigger on images it was not optimised on: the fraction of held-out images of
/// other classes that the stamped trigger sends to its class. A planted backdoor generalises (the model
/// learned it from many images); a trigger that only fits the optimisation batch does not. The stamped images
/// are snapped to the 8-bit grid (<see cref="PixelGrid"/>), as in the reversal.
/// </summary>
public sealed class TriggerVerification(IImageClassifier model, int batchSize = 500)
{
    /// <summary>Attack success on up to <paramref name="images"/> of the <paramref name="candidates"/> (indices into <paramref name="heldOut"/>) not of the trigger's class.</summary>
    public double AttackSuccess(NeuralCleanseTrigger trigger, ImageDataset heldOut, IReadOnlyList<int> candidates, int images, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(candidates);
        DatasetCompatibility.EnsureMatches(model, heldOut);
        var shape = model.InputShape;
        var others = candidates.Where(i => heldOut.Labels[i] != trigger.Label).ToArray();
        new Random(seed).Shuffle(others);
        others = others[..Math.Min(images, others.Length)];
        if (others.Length == 0)
            return double.NaN;

        using var scope = NewDisposeScope();
        using var noGrad = inference_mode();
        var mask = tensor(trigger.Mask, [1, 1, shape.Height, shape.Width]);
        var stamp = mask * tensor(trigger.Pattern, [1, shape.Channels, shape.Height, shape.Width]);
        long hits = 0;
        for (int start = 0; start < others.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var batchScope = NewDisposeScope();
            var chunk = others[start..Math.Min(others.Length, start + batchSize)];
            var x = tensor(heldOut.GetImages(chunk), [chunk.Length, shape.Channels, shape.Height, shape.Width]);
            hits += model.Logits(PixelGrid.Snap((1 - mask) * x + stamp)).argmax(1).eq(trigger.Label).sum().item<long>();
        }
        return hits / (double)others.Length;
    }
}
