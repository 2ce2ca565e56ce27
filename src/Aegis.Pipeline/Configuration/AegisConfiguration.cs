using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aegis.Pipeline.Configuration;

/// <summary>
/// Binds <see cref="AegisSettings"/> from configuration with the configuration binder: the section
/// <c>Aegis</c>, plus the Functions-style root keys. Lists are accepted comma-separated (as app
/// settings carry them) or indexed (<c>Aegis__ApiKeys__0</c>).
/// </summary>
public static class AegisConfiguration
{
    public static AegisSettings Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new AegisSettings();
        Bind(configuration, settings);
        return settings;
    }

    public static void Bind(IConfiguration configuration, AegisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        configuration = WithoutBlanks(configuration);
        var section = configuration.GetSection(AegisSettings.Section);
        section.Bind(settings);
        settings.Storage = StorageConnection.TryFromValues(key => configuration[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)]);
        settings.ApplicationInsightsConnectionString = NullIfBlank(configuration[AegisSettings.ApplicationInsightsKey]);
        settings.ApiKeys = List(section.GetSection(nameof(AegisSettings.ApiKeys)));
        settings.HostId = NullIfBlank(settings.HostId);
    }

    /// <summary>Binds settings given as Functions-style names and values (<c>Aegis__X__Y</c>), without checking them (tests, tools).</summary>
    public static AegisSettings FromValues(IEnumerable<KeyValuePair<string, string?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pairs = values.Select(p => KeyValuePair.Create(p.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), p.Value));
        return Bind(new ConfigurationBuilder().AddInMemoryCollection(pairs).Build());
    }

    /// <summary>Binds and checks the settings now, for a program outside a host; every problem in one message.</summary>
    /// <exception cref="OptionsValidationException">The settings are not usable for <paramref name="role"/>.</exception>
    public static AegisSettings Load(IConfiguration configuration, SettingsRole role)
    {
        var settings = Bind(configuration);
        var result = new AegisSettingsValidator(role).Validate(Options.DefaultName, settings);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(AegisSettings), result.Failures);
        return settings;
    }

    /// <summary>
    /// Registers the settings as options bound from the app's configuration and checked when the
    /// host starts (a bad setting stops the start with every problem listed), and as a singleton.
    /// </summary>
    public static IServiceCollection AddAegisSettings(this IServiceCollection services, SettingsRole role)
    {
        services.AddOptions<AegisSettings>()
            .Configure<IConfiguration>((settings, configuration) => Bind(configuration, settings))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AegisSettings>>(new AegisSettingsValidator(role));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AegisSettings>>().Value);
        return services;
    }

    /// <summary>An empty app setting (as samples and Bicep leave them) means "unset", as the Functions host reads it, not an empty value.</summary>
    private static IConfiguration WithoutBlanks(IConfiguration configuration) => new ConfigurationBuilder()
        .AddInMemoryCollection(configuration.AsEnumerable().Where(p => !string.IsNullOrWhiteSpace(p.Value)))
        .Build();

    private static IReadOnlyList<string> List(IConfigurationSection section)
    {
        var values = section.Value is { } joined
            ? joined.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0);
        return values.ToArray();
    }

    /// <summary>A malformed URL is kept as written (relative), so validation can name it instead of the binder throwing.</summary>
    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
