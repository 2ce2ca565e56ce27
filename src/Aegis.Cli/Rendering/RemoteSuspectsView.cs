using Aegis.Cli.Commands.Pipeline;
using Aegis.Core.Text;
using Aegis.Core.Tracing;
using Spectre.Console;

namespace Aegis.Cli.Rendering;

/// <summary>`aegis scan --remote --trace`: after a backdoored verdict, waits for the host's trace and writes OUT/suspects.csv and suspects.json.</summary>
public static class RemoteSuspectsView
{
    /// <summary>True when the suspects were written; false (with the reason on standard error) when the host had none in time or the trace failed.</summary>
    public static async Task<bool> RunAsync(IAnsiConsole console, Uri host, string key, string scanId, string outputDirectory, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var client = new RemoteScanClient(host, key);
        TraceReport report;
        try
        {
            report = await console.Status().StartAsync($"Waiting for the trace of scan {scanId} (up to {timeout.TotalMinutes:0.#} min)",
                _ => client.WaitForSuspectsAsync(scanId, timeout, TimeSpan.FromSeconds(2), cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: no suspects from {host}: {e.Message}");
            return false;
        }
        if (report.Error is { } error)
        {
            // suspects.json still records why, for whoever looks at the folder.
            SuspectsFiles.Write(outputDirectory, report);
            Console.Error.WriteLine($"error: the trace failed on the host ({UntrustedText.Quote(error.Code)}): {UntrustedText.Quote(error.Message)}");
            return false;
        }
        SuspectsFiles.Write(outputDirectory, report);
        if (report.Message is { } message)
            console.WriteLine(UntrustedText.Quote(message));
        foreach (var c in report.Classes)
            console.WriteLine($"Class {c.Label}: {c.Samples} training samples traced, {report.Suspects.Count(s => s.Label == c.Label && s.Suspected)} suspected.");
        console.WriteLine($"Suspects written to {Path.Combine(outputDirectory, SuspectsFiles.CsvFile)} (and {SuspectsFiles.JsonFile}).");
        return true;
    }
}
