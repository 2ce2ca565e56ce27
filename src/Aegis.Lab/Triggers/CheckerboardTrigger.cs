using Aegis.Core.Detection;
using static TorchSharp.torch;

namespace Aegis.Lab.Triggers;

/// <summary>
/// A BadNets-style patch: a square of alternating white and black pixels (white at its top-left)
/// in the bottom-right corner (or the spec's other corner), where the localized square goes. Half its pixels darken the image,
/// so a trigger search cannot find it by brightening a corner alone.
/// </summary>
public sealed class CheckerboardTrigger : ITrigger
{
    private readonly Tensor _mask;
    private readonly Tensor _pattern;

    public CheckerboardTrigger(TriggerSpec spec, ImageShape shape)
    {
        if (spec.Kind != TriggerKind.Checkerboard)
            throw new ArgumentException($"{spec.Kind} is not a checkerboard trigger.", nameof(spec));
        if (spec.Size < 2 || spec.Margin < 0 || spec.Size + spec.Margin > Math.Min(shape.Height, shape.Width))
            throw new ArgumentException($"A {spec.Size}x{spec.Size} checkerboard (at least 2x2) with margin {spec.Margin} does not fit a {shape} image.", nameof(spec));
        Spec = spec;
        var mask = new float[shape.Size];
        var pattern = new float[shape.Size];
        var (top, left) = SquareTrigger.Corner(spec, shape);
        for (int c = 0; c < shape.Channels; c++)
            for (int y = 0; y < spec.Size; y++)
                for (int x = 0; x < spec.Size; x++)
                {
                    int i = (c * shape.Height + top + y) * shape.Width + left + x;
                    mask[i] = 1f;
                    pattern[i] = (x + y) % 2 == 0 ? 1f : 0f;
                }
        _mask = tensor(mask).reshape(1, shape.Channels, shape.Height, shape.Width);
        _pattern = tensor(pattern).reshape(1, shape.Channels, shape.Height, shape.Width);
    }

    public TriggerSpec Spec { get; }

    public Tensor Apply(Tensor images) => images * (1 - _mask) + _pattern;
}
