using System.Globalization;
using System.Text;

namespace Aegis.Core.Text;

/// <summary>
/// The one way text from outside — a hostile model's names and messages, blob names, request values —
/// is shown in a verdict, a finding, a log line or a page: bounded, and with every character that could
/// hide, reorder or break the text (controls, bidirectional and other format characters, lone
/// surrogates, noncharacters, unassigned code points) shown as '?', so it can neither flood a message
/// nor make it read as something else.
/// </summary>
public static class UntrustedText
{
    /// <summary>The default bound: enough for any honest name, too short to flood a message.</summary>
    public const int DefaultMaxLength = 120;

    /// <summary><paramref name="text"/> as it may be shown: at most <paramref name="maxLength"/> characters, then '…'.</summary>
    public static string Quote(string? text, int maxLength = DefaultMaxLength) => Clean(text, maxLength, asciiOnly: false);

    /// <summary>
    /// As <see cref="Quote"/>, and printable ASCII only: for identifiers read from a model file (entry
    /// names, pickled globals, code), where a look-alike letter from another script could pass for a safe name.
    /// </summary>
    public static string QuoteAscii(string? text, int maxLength = DefaultMaxLength) => Clean(text, maxLength, asciiOnly: true);

    private static string Clean(string? text, int maxLength, bool asciiOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (string.IsNullOrEmpty(text))
            return "";
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 1);
        int shown = 0;
        foreach (var rune in Runes(text))
        {
            if (shown == maxLength)
            {
                builder.Append('…');
                break;
            }
            if (Shown(rune, asciiOnly))
                builder.Append(rune.ToString());
            else
                builder.Append('?');
            shown++;
        }
        return builder.ToString();
    }

    /// <summary>The text's code points, a lone surrogate as U+FFFD (which <see cref="Shown"/> refuses).</summary>
    private static IEnumerable<Rune> Runes(string text)
    {
        for (int i = 0; i < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out int consumed);
            yield return status == System.Buffers.OperationStatus.Done ? rune : Rune.ReplacementChar;
            i += Math.Max(consumed, 1);
        }
    }

    private static bool Shown(Rune rune, bool asciiOnly)
    {
        if (asciiOnly)
            return rune.Value is >= ' ' and <= '~';
        if (rune == Rune.ReplacementChar || IsNoncharacter(rune.Value))
            return false;
        return Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
    }

    private static bool IsNoncharacter(int value) => value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE;
}
