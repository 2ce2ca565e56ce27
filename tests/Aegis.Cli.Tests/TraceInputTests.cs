using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aegis.Core.Tracing;

namespace Aegis.Cli.Tests;

/// <summary>`aegis trace` on bad input: a clear message and exit 2; a clean verdict: exit 0 and an empty list. The fixture's sandbox is real.</summary>
public sealed class TraceInputTests
{
    private static readonly string Model = RepoPaths.Fixture("standard_local_small.pt");

    private static string Verdict(string folder, string kind, string sha256, params int[] flagged)
    {
        var verdict = new JsonObject
        {
            ["verdict"] = kind,
            ["suspiciousClasses"] = new JsonArray(flagged.Select(f => (JsonNode)f).ToArray()),
            ["model"] = new JsonObject { ["name"] = "standard_local_small", ["sha256"] = sha256, ["format"] = "torchscript", ["inputShape"] = "1x28x28", ["classes"] = 10 },
        };
        string path = Path.Combine(folder, "verdict.json");
        File.WriteAllText(path, verdict.ToJsonString());
        return path;
    }

    private static string ModelSha256() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Model)));

    [Fact]
    public async Task AVerdictForAnotherModelIsRefusedByItsHash()
    {
        using var folderDirectory = new TempDirectory();
        string folder = folderDirectory.Path;
        var verdict = Verdict(folder, "backdoored", new string('0', 64), 7);

        var result = await AegisProcess.RunAsync("trace", Model, "--data", RepoPaths.FashionMnist, "--verdict", verdict);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("another model", result.StandardError);
        Assert.False(File.Exists(Path.Combine(folder, SuspectsFiles.CsvFile)));
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task DataOfTheWrongShapeIsRefused()
    {
        using var folderDirectory = new TempDirectory();
        string folder = folderDirectory.Path;
        var verdict = Verdict(folder, "backdoored", ModelSha256(), 7);
        var data = Directory.CreateDirectory(Path.Combine(folder, "small")).FullName;
        WriteIdx(data, count: 20, side: 20);

        var result = await AegisProcess.RunAsync("trace", Model, "--data", data, "--verdict", verdict);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("dataset-mismatch", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task AnEmptyBatchIsRefused()
    {
        using var folderDirectory = new TempDirectory();
        string folder = folderDirectory.Path;
        var verdict = Verdict(folder, "backdoored", ModelSha256(), 7);
        var samples = Directory.CreateDirectory(Path.Combine(folder, "samples", "7")).FullName;

        var empty = await AegisProcess.RunAsync("trace", Model, "--data", RepoPaths.FashionMnist, "--verdict", verdict, "--samples", Path.GetDirectoryName(samples)!);
        var data = Directory.CreateDirectory(Path.Combine(folder, "none")).FullName;
        WriteIdx(data, count: 0, side: 28);
        var noRows = await AegisProcess.RunAsync("trace", Model, "--data", data, "--verdict", verdict);

        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("no samples", empty.StandardError);
        Assert.Equal(2, noRows.ExitCode);
        Assert.Contains("dataset-invalid", noRows.StandardError);
    }

    [Fact]
    public async Task ACleanVerdictTracesNothingExits0AndSaysSo()
    {
        using var folderDirectory = new TempDirectory();
        string folder = folderDirectory.Path;
        var verdict = Verdict(folder, "clean", ModelSha256());

        var result = await AegisProcess.RunAsync("trace", Model, "--data", RepoPaths.FashionMnist, "--verdict", verdict);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("clean", result.StandardOutput);
        Assert.Equal([SuspectsFiles.CsvHeader], File.ReadAllLines(Path.Combine(folder, SuspectsFiles.CsvFile)));
        var report = SuspectsFiles.ReadJson(File.ReadAllText(Path.Combine(folder, SuspectsFiles.JsonFile)));
        Assert.Empty(report.Suspects);
        Assert.NotNull(report.Message);
        Assert.True(File.Exists(Path.Combine(folder, "suspects.html")));
    }

    /// <summary>An IDX training split of <paramref name="count"/> blank side×side images (a count of 0 is a header IDX readers refuse).</summary>
    private static void WriteIdx(string folder, int count, int side)
    {
        var images = new byte[16 + count * side * side];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), side);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), side);
        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (int i = 0; i < count; i++)
            labels[8 + i] = (byte)(i % 10);
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), labels);
    }
}
