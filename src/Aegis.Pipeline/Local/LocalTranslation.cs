using Aegis.Sandbox;
using Aegis.Scanner;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aegis.Pipeline.Local;

/// <summary>
/// TranslateClass, the trigger check and Neural Cleanse on this machine, as the worker and the
/// embedded host (without workers) run them: storage, the blob cache and the scan assembly, in the
/// model's sandbox with these options (one pool of sandboxes for all three).
/// </summary>
public static class LocalTranslation
{
    public static IServiceCollection AddLocalTranslation(this IServiceCollection services, SandboxOptions? sandbox = null)
    {
        services.TryAddSingleton<ScanStorage>();
        services.TryAddSingleton<BlobCache>();
        services.TryAddSingleton(sandbox ?? new SandboxOptions());
        services.AddHostedService<SandboxIsolationLog>();
        services.TryAddSingleton(sp => new ModelScanPool(sp.GetRequiredService<SandboxOptions>()));
        services.TryAddSingleton<ScanClassTranslator>();
        services.TryAddSingleton(sp => new ClassTranslationService(sp.GetRequiredService<ScanStorage>(), sp.GetRequiredService<BlobCache>(), sp.GetRequiredService<ScanClassTranslator>()));
        services.TryAddSingleton(sp => new LocalModelRuns(sp.GetRequiredService<BlobCache>(), new ScanModelRunner(sp.GetRequiredService<ModelScanPool>())));
        return services;
    }
}
