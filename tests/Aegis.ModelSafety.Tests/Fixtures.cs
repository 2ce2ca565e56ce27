namespace Aegis.ModelSafety.Tests;

/// <summary>The real TorchScript fixtures in shared/fixtures/models: beside the repository (CI's layout) or in /work/shared.</summary>
internal static class Fixtures
{
    public static readonly string[] Names = ["robust_clean", "robust_local", "standard_local_small"];

    public static string ModelsDirectory { get; } = Find();

    public static string Model(string name) => Path.Combine(ModelsDirectory, name + ".pt");

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("AEGIS_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Path.Combine(fromEnvironment, "models");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "models");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return "/work/shared/fixtures/models";
    }
}
