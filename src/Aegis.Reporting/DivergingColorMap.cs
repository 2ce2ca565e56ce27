using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>
/// Blue–white–red colour map on a symmetric scale [−limit, +limit]: zero is white, positive is
/// red, negative is blue, so "brighter in the translated images" reads as red at a glance.
/// </summary>
public static class DivergingColorMap
{
    public static readonly SKColor Positive = new(178, 24, 43);
    public static readonly SKColor Negative = new(33, 102, 172);

    public static SKColor Map(double value, double limit)
    {
        if (double.IsNaN(value) || limit <= 0)
            return SKColors.White;
        double t = Math.Clamp(value / limit, -1, 1);
        var end = t >= 0 ? Positive : Negative;
        double a = Math.Abs(t);
        return new SKColor(Mix(end.Red, a), Mix(end.Green, a), Mix(end.Blue, a));
    }

    private static byte Mix(byte end, double amount) => (byte)Math.Round(255 + (end - 255) * amount);
}
