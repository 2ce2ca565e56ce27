using System.Net;
using System.Net.Sockets;

namespace Aegis.Pipeline.Tests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Fixtures => Environment.GetEnvironmentVariable("AEGIS_FIXTURES") ?? FindFixtures();
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AegisFunctions.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Repository root (AegisFunctions.sln) not found above the test folder.");
    }

    /// <summary>shared/fixtures/models beside the repo (CI lays shared/ next to the clone).</summary>
    private static string FindFixtures()
    {
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "models");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return "/work/shared/fixtures/models";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
