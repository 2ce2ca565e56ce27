namespace Aegis.ModelSafety.Tests;

/// <summary>The real TorchScript fixtures in shared/fixtures/models.</summary>
internal static class Fixtures
{
    public static readonly string[] Names = ["robust_clean", "robust_local", "standard_local_small"];

    public static string ModelsDirectory => RepoPaths.FixtureModels;

    public static string Model(string name) => Path.Combine(ModelsDirectory, name + ".pt");
}
