namespace Aegis.Pipeline.Configuration;

/// <summary>
/// What a key (API key) must be: long enough that guessing it is hopeless, not a value anyone can read
/// in this repository's samples, and not a platform reference that was never resolved. Keys are
/// generated, e.g. <c>openssl rand -hex 32</c>.
/// </summary>
public static class KeyRules
{
    public const int MinLength = 16;

    /// <summary>Placeholders of local.settings.sample.json and the docs: a deployment that kept one has no secret at all.</summary>
    public static readonly IReadOnlyList<string> SampleKeys = ["change-me", "change-me-too", "<generated>"];

    /// <summary>
    /// App Service and Functions replace a setting written as a Key Vault (or App Configuration) reference
    /// with the secret; when they cannot (the identity lacks access, the secret or vault is gone, the
    /// reference is mistyped) the app receives the reference's own text, which is public and must never count as a key.
    /// </summary>
    private static readonly string[] ReferencePrefixes = ["@Microsoft.KeyVault(", "@Microsoft.AppConfiguration("];

    /// <summary>Why <paramref name="key"/> cannot be used as the setting <paramref name="setting"/>, or null. The key itself is never quoted.</summary>
    public static string? Problem(string setting, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (UnresolvedReferenceProblem(setting, key) is { } unresolved)
            return unresolved;
        if (SampleKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            return $"{setting} holds the sample's placeholder key; generate a key of your own (e.g. openssl rand -hex 32).";
        if (key.Length < MinLength)
            return $"{setting} holds a key of {key.Length} characters; keys need at least {MinLength} (e.g. openssl rand -hex 32).";
        return null;
    }

    /// <summary>
    /// Why <paramref name="value"/> cannot be the value of <paramref name="setting"/> because it is a
    /// reference the platform did not resolve, or null (also for null). Any secret-bearing setting is
    /// checked with it, keys and connection strings alike.
    /// </summary>
    public static string? UnresolvedReferenceProblem(string setting, string? value)
    {
        if (value is null || !ReferencePrefixes.Any(p => value.TrimStart().StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            return null;
        return $"{setting} holds a Key Vault or App Configuration reference that the platform did not resolve: the app received the reference text instead of the secret. " +
               "Check that the app's identity may read the secret (Key Vault Secrets User) and that the secret exists (the portal's Environment variables page shows each reference's status).";
    }
}
