using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using SkiaSharp;

namespace Aegis.Reporting.Tests;

public class OverviewPlotTests
{
    private static ClassReport[] Classes(int flagged) => Enumerable.Range(0, 10).Select(label => new ClassReport
    {
        Label = label,
        Clusters = label == flagged ? 3 : 2,
        Bandwidth = 4,
        TranslatedCount = 50,
        CleanCount = 50,
        AnomalyIndex = label == flagged ? 6.2 : (label % 3 - 1) * 0.5,
        ShiftSuspicious = label == flagged,
        PaperSuspicious = label == flagged,
        Suspicious = label == flagged,
    }).ToArray();

    private static bool IsFlagged(SKColor p) =>
        Math.Abs(p.Red - 0xB2) < 8 && Math.Abs(p.Green - 0x18) < 8 && Math.Abs(p.Blue - 0x2B) < 8;

    /// <summary>Rows between <paramref name="from"/> and <paramref name="to"/> holding a flagged-red pixel.</summary>
    private static int RedRows(SKBitmap bitmap, int from, int to) =>
        Enumerable.Range(from, to - from).Count(y => Enumerable.Range(0, bitmap.Width).Any(x => IsFlagged(bitmap.GetPixel(x, y))));

    [Fact]
    public void FlaggedClassIsDrawnRedInBothPanels()
    {
        using var flagged = PngAssert.RoundTrip(OverviewPlot.Render(Classes(flagged: 7), new ScanParameters()));
        using var none = PngAssert.RoundTrip(OverviewPlot.Render(Classes(flagged: -1), new ScanParameters()));

        Assert.Equal((1000, 800), (flagged.Width, flagged.Height));
        Assert.True(RedRows(flagged, 0, 400) > 50, "the anomaly panel shows the flagged class as a red bar");
        Assert.True(RedRows(flagged, 400, 800) > 50, "the cluster panel shows the flagged class as a red bar");
        Assert.Equal(0, PngAssert.CountPixels(none, IsFlagged));
    }

    [Fact]
    public void RefusesAnEmptyScan()
    {
        Assert.Throws<ArgumentException>(() => OverviewPlot.Render([], new ScanParameters()));
    }
}
