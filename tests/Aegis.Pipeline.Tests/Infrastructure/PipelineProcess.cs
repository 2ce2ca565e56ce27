namespace Aegis.Pipeline.Tests.Infrastructure;

/// <summary>This test assembly started as a real host or worker process (see Program.cs).</summary>
internal static class PipelineProcess
{
    public static ChildProcess Start(string role, string url, IReadOnlyDictionary<string, string> environment) =>
        new($"{role} {url}", "dotnet", [typeof(Program).Assembly.Location, role, url], environment);
}
