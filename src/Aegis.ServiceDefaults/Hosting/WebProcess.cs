using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Aegis.ServiceDefaults.Hosting;

/// <summary>
/// Runs a web process until it is stopped. Settings that cannot be used (a missing or weak key, a
/// malformed URL) stop it before it listens, with every problem listed on stderr and exit code 4
/// (a usage error), instead of a stack trace.
/// </summary>
public static class WebProcess
{
    public const int SettingsError = 4;

    public static async Task<int> RunAsync(string name, Func<WebApplication> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        WebApplication app;
        try
        {
            app = build();
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"{name} cannot start; fix these settings:");
            foreach (var failure in e.Failures)
                await Console.Error.WriteLineAsync($"  - {failure}");
            return SettingsError;
        }
        await using (app)
            await app.RunAsync(cancellationToken);
        return 0;
    }
}
