using System.Text.Json;

namespace Aegis.Cli.Tests;

/// <summary>`aegis check` as a user runs it: the real executable on the real fixtures and on an edited copy.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public async Task AFixturePassesWithExitCodeZero()
    {
        var result = await AegisProcess.RunAsync("check", RepoPaths.Fixture("robust_local.pt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no issues", result.StandardOutput);
        Assert.Contains("robust_local.pt (torchscript: 25 entries, 6 code files", result.StandardOutput);
    }

    [Fact]
    public async Task AModelThatWritesAFileIsUnsafeWithExitCodeOneAndSaysWhere()
    {
        using var folderDirectory = new TempDirectory();
        var folder = folderDirectory.Path;
        var model = EditedFixtures.InsertInFeatures(folder, "_w = torch.save(x0, \"/tmp/aegis-cli-pwned\")");

        var text = await AegisProcess.RunAsync("check", model);
        var json = await AegisProcess.RunAsync("check", model, "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("UNSAFE", text.StandardOutput);
        Assert.Contains("code/__torch__.py:24  aten::save writes a tensor to a file", text.StandardOutput);
        Assert.Equal(1, json.ExitCode);
        using var report = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal("unsafe", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("model-unsafe", report.RootElement.GetProperty("errorCode").GetString());
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("aten::save", finding.GetProperty("subject").GetString());
        Assert.Equal("code/__torch__.py:24", finding.GetProperty("location").GetString());
        Assert.False(File.Exists("/tmp/aegis-cli-pwned"));
    }

    public static TheoryData<string> HostileCases => [.. HostileModels.Cases.Keys];

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task EveryHostileArchiveOfIssue16IsRefused(string name)
    {
        using var folderDirectory = new TempDirectory();
        var folder = folderDirectory.Path;
        var model = HostileModels.Cases[name](RepoPaths.Fixture("robust_clean.pt"), Path.Combine(folder, name + ".pt"));

        var result = await AegisProcess.RunAsync("check", model);

        // An encrypted entry cannot be read (2); every other case is unsafe (1).
        Assert.Equal(name == "encrypted-entry" ? 2 : 1, result.ExitCode);
        Assert.DoesNotContain("no issues", result.StandardOutput);
    }

    [Fact]
    public async Task UnreadableUnsupportedAndUsageHaveTheirOwnCodes()
    {
        using var folderDirectory = new TempDirectory();
        var folder = folderDirectory.Path;
        var fixture = File.ReadAllBytes(RepoPaths.Fixture("robust_local.pt"));
        File.WriteAllBytes(Path.Combine(folder, "cut.pt"), fixture[..(fixture.Length / 2)]);
        File.WriteAllText(Path.Combine(folder, "notes.pt"), "not a model");

        Assert.Equal(2, (await AegisProcess.RunAsync("check", Path.Combine(folder, "cut.pt"))).ExitCode);
        Assert.Equal(3, (await AegisProcess.RunAsync("check", Path.Combine(folder, "notes.pt"))).ExitCode);
        Assert.Equal(4, (await AegisProcess.RunAsync("check")).ExitCode);
        var help = await AegisProcess.RunAsync("check", "--help");
        Assert.Contains("0 no issues, 1 unsafe, 2 could not be read, 3 not a TorchScript archive or lab model, 4 usage error", help.StandardOutput);
    }
}
