using System.Diagnostics;

namespace Aegis.Functions.Tests.Infrastructure;

/// <summary>Runs a command line tool to completion and keeps what it printed.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}):\n{Output}\n{Error}");
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary><c>dotnet publish PROJECT OPTIONS -o FOLDER</c> for a project of this repository into a fresh temporary folder; returns the folder.</summary>
    public static async Task<string> PublishAsync(string project, params string[] options)
    {
        string output = Directory.CreateTempSubdirectory("aegis-publish-").FullName;
        (await RunAsync("dotnet", ["publish", Path.Combine(RepoPaths.Root, project), .. options, "-o", output, "--nologo"]))
            .EnsureSuccess($"dotnet publish {project}");
        return output;
    }
}
