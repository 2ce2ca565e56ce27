namespace Aegis.Pipeline.Configuration;

/// <summary>
/// What a key (API key, worker key) must be: long enough that guessing it is hopeless, and not a
/// value anyone can read in this repository's samples. Keys are generated, e.g. <c>openssl rand -hex 32</c>.
/// </summary>
public static class KeyRules
{
    public const int MinLength = 16;

    /// <summary>Placeholders of local.settings.sample.json and the docs: a deployment that kept one has no secret at all.</summary>
    public static readonly IReadOnlyList<string> SampleKeys = ["change-me", "change-me-too", "<generated>"];

    /// <summary>Why <paramref name="key"/> cannot be used as the setting <paramref name="setting"/>, or null. The key itself is never quoted.</summary>
    public static string? Problem(string setting, string key)
    {
        if (SampleKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            return $"{setting} holds the sample's placeholder key; generate a key of your own (e.g. openssl rand -hex 32).";
        if (key.Length < MinLength)
            return $"{setting} holds a key of {key.Length} characters; keys need at least {MinLength} (e.g. openssl rand -hex 32).";
        return null;
    }
}
