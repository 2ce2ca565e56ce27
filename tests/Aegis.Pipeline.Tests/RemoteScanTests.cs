using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Tests.Infrastructure;

namespace Aegis.Pipeline.Tests;

/// <summary>
/// The retraining pipeline's client against a real host: <c>aegis scan --remote</c> (the real command line,
/// its own process) uploads a model through the host's upload URL straight into storage, so a model larger
/// than what <c>PUT /api/models</c> takes (as a Functions request takes at most 100 MB) is scanned all the same.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RemoteScanTests(PipelineFixture fixture)
{
    [Fact]
    public async Task AegisScanRemoteUploadsAModelLargerThanThePUTCapThroughTheUploadURLAndGetsItsVerdict()
    {
        string model = Path.Combine(RepoPaths.FixtureModels, "robust_local.pt");
        byte[] bytes = await File.ReadAllBytesAsync(model);
        using var scenario = new Scenario(fixture, "remote");
        long putCap = bytes.Length / 2;
        scenario.Settings["Aegis__Limits__MaxModelPutBytes"] = putCap.ToString(CultureInfo.InvariantCulture);
        await scenario.StartHostAsync(); // its own worker runs the jobs

        // The small-model route refuses this one.
        using (var api = scenario.Api())
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await api.PutAsync("/api/models/robust_local.pt", new ByteArrayContent(bytes))).StatusCode);
        Assert.False((await scenario.Models.GetBlobClient("robust_local.pt").ExistsAsync()).Value);

        var run = await RunAegisAsync(TimeSpan.FromMinutes(10),
            "scan", model, "--remote", scenario.HostUrl!.ToString(), "--key", Scenario.ApiKey, "--json",
            "--seeds", "50", "--steps", "20", "--step-size", "5", "--clean", "50", "--perplexity", "15", "--batch-size", "50",
            "--classes", "0", "7", "--skip-robustness-check");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Error}\nHost:\n{scenario.Host!.Tail()}");
        var verdict = VerdictJson.Deserialize(run.Output);
        Assert.Equal(VerdictKinds.Backdoored, verdict.Verdict);
        Assert.Equal([7], verdict.SuspiciousClasses);
        // The whole model reached storage through the upload URL, and that is what was scanned.
        var stored = await scenario.Models.GetBlobClient("robust_local.pt").GetPropertiesAsync();
        Assert.Equal(bytes.Length, stored.Value.ContentLength);
        Assert.True(stored.Value.ContentLength > putCap);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), verdict.Model?.Sha256);
        Assert.Single(await scenario.VerdictBlobsAsync("robust_local"));
        // The upload URL is a credential until it expires: it is never printed.
        Assert.DoesNotContain("sig=", run.Output + run.Error);
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>Runs the aegis command line built beside the tests, as a user would.</summary>
    private static async Task<Run> RunAegisAsync(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aegis.dll"));
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aegis {string.Join(' ', arguments.Take(2))} did not finish in {timeout}.\n{await error}");
        }
        return new Run(process.ExitCode, await output, await error);
    }
}
