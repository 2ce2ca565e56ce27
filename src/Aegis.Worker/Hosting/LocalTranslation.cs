using Aegis.Containment;
using Aegis.Scanning.Storage;
using Aegis.Scanning.Workers;
using Aegis.Worker.Adapters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aegis.Worker.Hosting;

/// <summary>
/// TranslateClass on this machine, as the worker and the embedded host (without workers) run it:
/// storage, the blob cache and the scan assembly's translator, in the model's sandbox with these options.
/// </summary>
public static class LocalTranslation
{
    public static IServiceCollection AddLocalTranslation(this IServiceCollection services, SandboxOptions? sandbox = null)
    {
        services.TryAddSingleton<ScanStorage>();
        services.TryAddSingleton<BlobCache>();
        services.TryAddSingleton(sandbox ?? new SandboxOptions());
        services.TryAddSingleton<ScanClassTranslator>();
        services.TryAddSingleton(sp => new ClassTranslationService(sp.GetRequiredService<ScanStorage>(), sp.GetRequiredService<BlobCache>(), sp.GetRequiredService<ScanClassTranslator>()));
        return services;
    }
}
