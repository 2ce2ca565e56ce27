using Aegis.Sandbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// Says at start which isolation the models this process runs will get, so an operator can read
/// it in the log stream (Container Apps: az containerapp logs show) before the first verdict does:
/// bubblewrap where the container runtime allows user namespaces, else confined (Landlock and
/// seccomp), else every model run fails with sandbox-unavailable until the runtime allows one.
/// </summary>
public sealed class SandboxIsolationLog(SandboxOptions options, ILogger<SandboxIsolationLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string isolation = SandboxIsolation.Describe(options.Isolation);
        if (isolation.StartsWith("unavailable", StringComparison.Ordinal))
            logger.LogError("Model sandbox isolation {Requested}: {Isolation}", IsolationNames.Of(options.Isolation), isolation);
        else
            logger.LogInformation("Model sandbox isolation {Requested}: {Isolation}", IsolationNames.Of(options.Isolation), isolation);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
