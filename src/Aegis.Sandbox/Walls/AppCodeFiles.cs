namespace Aegis.Sandbox.Walls;

/// <summary>
/// The files of the application's folder the sandbox may read: assemblies, native libraries and
/// the runtime's two JSON files. Everything else there (appsettings.json, local.settings.json
/// with storage keys, logs) stays out of its reach under every wall.
/// </summary>
internal static class AppCodeFiles
{
    public static IEnumerable<string> In(string appDirectory) =>
        Directory.EnumerateFiles(appDirectory, "*", SearchOption.AllDirectories).Where(IsCode);

    public static bool IsCode(string path)
    {
        string name = Path.GetFileName(path);
        return name.EndsWith(".dll", StringComparison.Ordinal)
            || name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal)
            || name.EndsWith(".deps.json", StringComparison.Ordinal) || name.EndsWith(".runtimeconfig.json", StringComparison.Ordinal);
    }
}
