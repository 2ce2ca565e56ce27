namespace Aegis.Pipeline.Storage;

/// <summary>Names and values from outside as they may appear in a message: at most 100 characters, control characters as '?', so a hostile one can neither flood nor break a verdict or a log line.</summary>
public static class UntrustedText
{
    public const int MaxShown = 100;

    public static string Quote(string? value)
    {
        if (value is null)
            return "";
        var shown = new string(value.Take(MaxShown).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return value.Length <= MaxShown ? shown : shown + "…";
    }
}
