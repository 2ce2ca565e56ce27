namespace Aegis.Cli.Tests;

/// <summary>Where the shared fixtures and the Debian Fashion-MNIST files are.</summary>
public static class TestPaths
{
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    public static string Fixture(string name) => Path.Combine(SharedDirectory(), "fixtures", "models", name);

    /// <summary>shared/ sits beside the checkout (DESIGN.md); found by walking up from the test binaries.</summary>
    private static string SharedDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AegisFunctions.sln")))
                return Path.Combine(directory.Parent!.FullName, "shared");
        }
        throw new DirectoryNotFoundException("AegisFunctions.sln not found above the test binaries; cannot locate ../shared.");
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "aegis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
