using Aegis.Core.Datasets;
using static TorchSharp.torch;

namespace Aegis.Torch;

/// <summary>
/// Every image the scanner feeds a model lies on the 8-bit grid, as every real image does (issue 17):
/// a model that can tell a scanner-made image from a camera frame or a PNG by its pixels could answer
/// the scanner with another network. Pixels are snapped to the nearest level, clamped to [0,1], as
/// exactly the float the dataset loader makes of that level (<see cref="PixelLevels"/>), so a snapped
/// real image is bit-identical to itself. In the forward pass of an attack the gradient passes
/// straight through the rounding (x + (snap(x) − x).detach()): the optimisation keeps its continuous
/// iterate and its steps, and the model only ever sees grid images.
/// </summary>
public static class PixelGrid
{
    /// <summary>The images on the grid; differentiable as the identity when <paramref name="images"/> requires a gradient.</summary>
    public static Tensor Snap(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        Tensor snapped;
        using (no_grad())
            snapped = images.detach().mul(PixelLevels.Max).round_().clamp_(0, PixelLevels.Max).mul_(PixelLevels.Scale);
        // snapped + 0 is exactly snapped; the zero term carries the identity gradient.
        var result = images.requires_grad ? snapped.add(images.sub(images.detach())) : snapped;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Snaps float images in place (images handed to a model or stored as a scan's result).</summary>
    public static void Snap(Span<float> pixels)
    {
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = PixelLevels.Value(PixelLevels.Nearest(pixels[i]));
    }
}
