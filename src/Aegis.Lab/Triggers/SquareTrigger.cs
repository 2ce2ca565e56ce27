using Aegis.Core.Detection;
using static TorchSharp.torch;

namespace Aegis.Lab.Triggers;

/// <summary>
/// Visible triggers: white squares at fixed places. Localized is one square at the bottom-right (or
/// the spec's other corner); distributed is one at the top-left and one at the bottom-right. Every
/// other pixel is untouched.
/// </summary>
public sealed class SquareTrigger : ITrigger
{
    private readonly Tensor _mask;

    public SquareTrigger(TriggerSpec spec, ImageShape shape)
    {
        if (spec.Kind is not (TriggerKind.Localized or TriggerKind.Distributed))
            throw new ArgumentException($"{spec.Kind} is not a square trigger.", nameof(spec));
        // The distributed trigger's two squares must not overlap.
        int squares = spec.Kind == TriggerKind.Distributed ? 2 : 1;
        if (spec.Size <= 0 || spec.Margin < 0 || squares * (spec.Size + spec.Margin) > Math.Min(shape.Height, shape.Width))
            throw new ArgumentException($"A {spec.Size}x{spec.Size} square with margin {spec.Margin} does not fit a {shape} image.", nameof(spec));
        Spec = spec;
        var mask = new float[shape.Size];
        foreach (var (top, left) in Corners(spec, shape))
        {
            for (int c = 0; c < shape.Channels; c++)
                for (int y = top; y < top + spec.Size; y++)
                    for (int x = left; x < left + spec.Size; x++)
                        mask[(c * shape.Height + y) * shape.Width + x] = 1f;
        }
        _mask = tensor(mask).reshape(1, shape.Channels, shape.Height, shape.Width);
    }

    public TriggerSpec Spec { get; }

    public Tensor Apply(Tensor images) => images * (1 - _mask) + _mask;

    /// <summary>Top-left corner of each square.</summary>
    public static IEnumerable<(int Top, int Left)> Corners(TriggerSpec spec, ImageShape shape)
    {
        if (spec.Kind == TriggerKind.Distributed)
        {
            yield return BottomRight(spec, shape);
            yield return (spec.Margin, spec.Margin);
        }
        else
            yield return Corner(spec, shape);
    }

    /// <summary>Top-left pixel of a single square of the spec's size in the spec's corner.</summary>
    public static (int Top, int Left) Corner(TriggerSpec spec, ImageShape shape) =>
        spec.Corner == TriggerCorner.TopLeft ? (spec.Margin, spec.Margin) : BottomRight(spec, shape);

    private static (int Top, int Left) BottomRight(TriggerSpec spec, ImageShape shape) =>
        (shape.Height - spec.Margin - spec.Size, shape.Width - spec.Margin - spec.Size);
}
