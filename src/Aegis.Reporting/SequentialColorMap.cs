using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>
/// Black → red → orange → pale yellow on a fixed [0, 1] scale, for maps in pixel-intensity units:
/// faint traces stay dark, a full-brightness patch glows, and two maps drawn with it compare.
/// The bright end is kept for the top fifth: a stamped trigger is near full brightness in nearly
/// every translated image, while what translation adds to a class's own shape stays well below.
/// </summary>
public static class SequentialColorMap
{
    private static readonly (double At, SKColor Color)[] Stops =
    [
        (0.0, new SKColor(0, 0, 0)),
        (0.5, new SKColor(130, 16, 28)),
        (0.8, new SKColor(236, 110, 20)),
        (1.0, new SKColor(255, 244, 160)),
    ];

    public static SKColor Map(double value)
    {
        if (double.IsNaN(value))
            return Stops[0].Color;
        double t = Math.Clamp(value, 0, 1);
        int s = 1;
        while (s < Stops.Length - 1 && t > Stops[s].At)
            s++;
        var (a, from) = Stops[s - 1];
        var (b, to) = Stops[s];
        double f = (t - a) / (b - a);
        return new SKColor(Mix(from.Red, to.Red, f), Mix(from.Green, to.Green, f), Mix(from.Blue, to.Blue, f));
    }

    private static byte Mix(byte from, byte to, double f) => (byte)Math.Round(from + (to - from) * f);
}
