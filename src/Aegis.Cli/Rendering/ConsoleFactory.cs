using Spectre.Console;

namespace Aegis.Cli.Rendering;

public static class ConsoleFactory
{
    /// <summary>The console for progress and tables: standard error when standard output carries JSON for a pipeline.</summary>
    public static IAnsiConsole ForResults(bool jsonOnStandardOutput) => jsonOnStandardOutput
        ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
        : AnsiConsole.Console;
}
