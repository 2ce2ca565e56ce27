using System.Runtime.InteropServices;

namespace Aegis.Sandbox;

/// <summary>
/// Where the sandbox program and the .NET runtime that runs it are: Aegis.Sandbox.Child.dll beside the
/// running application (every application that scans references Aegis.Sandbox.Child), started with the
/// same runtime through the dotnet host.
/// </summary>
internal sealed record SandboxRuntime(string DotnetHost, string DotnetRoot, string RuntimeDirectory, string AppDirectory, string Program, string RuntimeConfig, string DepsFile)
{
    public const string ProgramName = "Aegis.Sandbox.Child";

    /// <param name="programName">The sandbox program; tests pass a program of their own that raises the same walls.</param>
    public static SandboxRuntime Locate(string programName = ProgramName)
    {
        string app = AppContext.BaseDirectory.TrimEnd('/');
        string program = Path.Combine(app, programName + ".dll");
        string config = Path.Combine(app, programName + ".runtimeconfig.json");
        string deps = Path.Combine(app, programName + ".deps.json");
        foreach (var file in new[] { program, config, deps })
        {
            if (!File.Exists(file))
                throw new FileNotFoundException($"The sandbox program is incomplete: {file} is missing (reference Aegis.Sandbox.Child from the application that scans).", file);
        }

        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ → .../dotnet
        string runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
        string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string host = Path.Combine(root, "dotnet");
        if (!File.Exists(host))
            throw new FileNotFoundException($"The dotnet host is not at {host}; the sandbox cannot be started.", host);
        return new SandboxRuntime(host, root, runtime, app, program, config, deps);
    }

    /// <summary>dotnet exec with the sandbox's own runtime configuration and dependency list.</summary>
    public IReadOnlyList<string> Command => [DotnetHost, "exec", "--runtimeconfig", RuntimeConfig, "--depsfile", DepsFile, Program];
}
