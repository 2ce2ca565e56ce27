using System.Diagnostics;

namespace Aegis.Testing;

/// <summary>Runs the real aegis executable (built beside the tests) as a user would, capturing its output.</summary>
public static class AegisProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Task<Result> RunAsync(params string[] arguments) => RunUnderAsync([], arguments);

    /// <summary>Runs aegis under another program (<paramref name="wrapper"/>, then "dotnet aegis.dll" and the arguments).</summary>
    public static async Task<Result> RunUnderAsync(IReadOnlyList<string> wrapper, params string[] arguments)
    {
        var start = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in wrapper.Skip(1).Concat(wrapper.Count > 0 ? ["dotnet"] : []))
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aegis.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
