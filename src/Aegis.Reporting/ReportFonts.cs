using SkiaSharp;

namespace Aegis.Reporting;

/// <summary>
/// The one font family every picture uses. DejaVu Sans (Debian's fonts-dejavu-core) has the
/// em dash, ± and ≥ the captions use; the system default stands in when it is missing.
/// </summary>
public static class ReportFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<SKTypeface> Regular = new(() => Resolve(SKFontStyle.Normal));
    private static readonly Lazy<SKTypeface> Bold = new(() => Resolve(SKFontStyle.Bold));

    public static SKFont Create(float size, bool bold = false) => new(bold ? Bold.Value : Regular.Value, size);

    private static SKTypeface Resolve(SKFontStyle style) =>
        SKFontManager.Default.MatchFamily(Family, style) ?? SKTypeface.Default;
}
