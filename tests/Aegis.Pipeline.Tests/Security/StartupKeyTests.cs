using Aegis.Pipeline.Tests.Infrastructure;
using Aegis.ServiceDefaults.Hosting;

namespace Aegis.Pipeline.Tests.Security;

/// <summary>A host with a sample, short or missing key, or a worker with a bad setting, does not start: it says which setting and why, and never prints the key.</summary>
[Collection(PipelineCollection.Name)]
public sealed class StartupKeyTests(PipelineFixture fixture)
{
    [Theory]
    [InlineData("host", "Aegis__ApiKeys", "change-me", "placeholder")]
    [InlineData("host", "Aegis__ApiKeys", "short-secret-7", "at least 16")]
    [InlineData("host", "Aegis__ApiKeys", "", "is empty")]
    [InlineData("worker", "Aegis__JobQueue", "Not_A_Queue", "is not a queue name")]
    public async Task AProcessWithAWeakKeyStopsBeforeListeningWithAClearMessage(string role, string setting, string key, string reason)
    {
        using var scenario = new Scenario(fixture, "startup");
        scenario.Settings[setting] = key;
        int port = RepoPaths.FreePort();
        using var process = PipelineProcess.Start(role, $"http://127.0.0.1:{port}", scenario.Environment());

        Assert.Equal(WebProcess.SettingsError, await process.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var lines = process.Lines;
        Assert.Contains(lines, l => l.Contains(setting, StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        if (key.Length > 0 && setting == "Aegis__ApiKeys")
            Assert.DoesNotContain(lines, l => l.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));
    }
}
