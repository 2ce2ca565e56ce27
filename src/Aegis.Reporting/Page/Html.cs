using System.Globalization;
using System.Net;

namespace Aegis.Reporting.Page;

/// <summary>Escaping and number formatting for the report page; every text from the verdict goes through <see cref="Text"/>.</summary>
internal static class Html
{
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static string Number(double value, string format = "0.###") =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "∞"
        : double.IsNegativeInfinity(value) ? "−∞"
        : value.ToString(format, CultureInfo.InvariantCulture).Replace('-', '−');

    public static string Percent(double value) =>
        double.IsFinite(value) ? value.ToString("0%", CultureInfo.InvariantCulture) : Number(value);

    /// <summary>"maskNorm" → "mask norm": a readable header for a field the page does not know.</summary>
    public static string Humanise(string camelCase)
    {
        var words = new System.Text.StringBuilder();
        foreach (char c in camelCase)
        {
            if (char.IsUpper(c) && words.Length > 0)
                words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }
        return words.ToString();
    }
}
