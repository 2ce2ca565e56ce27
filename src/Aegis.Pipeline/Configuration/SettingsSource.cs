using Microsoft.Extensions.Configuration;

namespace Aegis.Pipeline.Configuration;

/// <summary>Settings for a command outside a host (<c>aegis upload</c>): local.settings.json, then the environment on top, bound and checked.</summary>
public static class SettingsSource
{
    public static AegisSettings Load(SettingsRole role = SettingsRole.StorageClient, string? localSettingsPath = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddLocalSettings(localSettingsPath).Build();
        return AegisConfiguration.Load(configuration, role);
    }
}
