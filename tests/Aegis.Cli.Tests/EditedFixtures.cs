
namespace Aegis.Cli.Tests;

/// <summary>Hostile copies of a real fixture: its TorchScript code edited inside the archive, as an attacker would.</summary>
internal static class EditedFixtures
{
    /// <summary>robust_clean.pt with <paramref name="line"/> inserted into features() at line 24 of code/__torch__.py.</summary>
    public static string InsertInFeatures(string folder, string line) =>
        FixtureArchives.InsertInFeatures(RepoPaths.Fixture("robust_clean.pt"), Path.Combine(folder, $"edited-{Guid.NewGuid():N}.pt"), line);
}
