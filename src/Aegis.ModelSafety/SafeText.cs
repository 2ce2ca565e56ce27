using System.Text;

namespace Aegis.ModelSafety;

/// <summary>
/// Names taken from a hostile file (entry names, pickle globals, identifiers) go into reports and
/// verdicts: this keeps them short and printable, so a finding can never carry arbitrary bytes.
/// </summary>
internal static class SafeText
{
    public const int MaxLength = 120;

    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxLength)
            {
                builder.Append('…');
                break;
            }
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return builder.ToString();
    }
}
