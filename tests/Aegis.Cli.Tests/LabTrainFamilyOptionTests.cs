namespace Aegis.Cli.Tests;

/// <summary>`aegis lab train`'s family options refuse combinations that name no backdoor, before any data is read or trained.</summary>
public sealed class LabTrainFamilyOptionTests
{
    [Theory]
    [InlineData("all-to-all and --second-target are different backdoors", "--trigger", "localized", "--all-to-all", "--second-target", "3")]
    [InlineData("need a --trigger", "--all-to-all")]
    [InlineData("need a --trigger", "--label-confidence", "0.6")]
    [InlineData("--second-target puts a second", "--trigger", "blended", "--second-target", "3")]
    [InlineData("applies to the warping trigger only", "--trigger", "localized", "--warp-grid", "3")]
    public async Task AContradictoryFamilyIsRefusedWithAUsageMessage(string message, params string[] options)
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;

        var result = await AegisProcess.RunAsync(["lab", "train", "--data", "/nonexistent", "--out", Path.Combine(output, "m"), .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardOutput + result.StandardError);
        Assert.False(Directory.Exists(Path.Combine(output, "m")));
    }
}
