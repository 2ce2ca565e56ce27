namespace Aegis.Functions.Tests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>shared/fixtures/models beside the checkout (CI lays shared/ next to the clone).</summary>
    public static string Fixtures
    {
        get
        {
            for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "shared", "fixtures", "models")))
                    return Path.Combine(dir.FullName, "shared", "fixtures", "models");
            return "/work/shared/fixtures/models";
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AegisFunctions.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Repository root (AegisFunctions.sln) not found above the test folder.");
    }
}
