namespace Aegis.Functions.Tests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AegisFunctions.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Repository root (AegisFunctions.sln) not found above the test folder.");
    }
}
