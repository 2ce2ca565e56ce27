namespace Aegis.Reporting.Tests;

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("aegis-reporting-").FullName;

    public IEnumerable<string> Files() => Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
