namespace Aegis.Cli.Tests;

/// <summary>Where the shared fixtures and the Debian Fashion-MNIST files are.</summary>
public static class TestPaths
{
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    public static string Fixture(string name) => Path.Combine(SharedDirectory(), "fixtures", "models", name);

    /// <summary>
    /// shared/ sits beside the checkout (DESIGN.md), found by walking up from the test binaries;
    /// $AEGIS_FIXTURES (its fixtures folder) or /work/shared for checkouts elsewhere (worktrees).
    /// </summary>
    private static string SharedDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("AEGIS_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Path.GetDirectoryName(Path.GetFullPath(fromEnvironment))!;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "shared", "fixtures")))
                return Path.Combine(directory.FullName, "shared");
        }
        return "/work/shared";
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "aegis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
