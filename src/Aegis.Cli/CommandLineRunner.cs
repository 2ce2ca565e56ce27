using System.CommandLine;

namespace Aegis.Cli;

/// <summary>Parses, maps parse errors to exit code 4 (usage) and turns Ctrl+C into cancellation.</summary>
public static class CommandLineRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine($"Run '{parse.CommandResult.Command.Name} --help' for usage.");
            return ExitCodes.Usage;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
        catch (Exception e)
        {
            // Scans turn their failures into error verdicts; this is the last net for the rest (an output
            // folder that cannot be written, bad lab input): one line, no stack trace unless AEGIS_DEBUG=1.
            Console.Error.WriteLine($"error: {e.Message}");
            if (Environment.GetEnvironmentVariable("AEGIS_DEBUG") == "1")
                Console.Error.WriteLine(e);
            return ExitCodes.ScanError;
        }
    }
}
