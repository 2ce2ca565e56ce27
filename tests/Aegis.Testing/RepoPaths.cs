using System.Net;
using System.Net.Sockets;

namespace Aegis.Testing;

/// <summary>Where the repository, the shared fixtures and Debian's Fashion-MNIST are.</summary>
public static class RepoPaths
{
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The checkout: the folder above the test binaries that holds AegisFunctions.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// shared/fixtures/models: $AEGIS_FIXTURES/models when set (shared/fixtures elsewhere), else
    /// shared/ beside the checkout (DESIGN.md; CI lays it there), else /work/shared for worktrees.
    /// </summary>
    public static string FixtureModels { get; } = FindFixtureModels();

    /// <summary>A fixture model or its facts file by file name, e.g. "robust_local.pt".</summary>
    public static string Fixture(string fileName) => Path.Combine(FixtureModels, fileName);

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AegisFunctions.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Repository root (AegisFunctions.sln) not found above the test folder.");
    }

    private static string FindFixtureModels()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("AEGIS_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Path.Combine(fromEnvironment, "models");
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "models");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return "/work/shared/fixtures/models";
    }
}
