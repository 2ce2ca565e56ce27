using Aegis.Core.Verdicts;

namespace Aegis.Cli.Tests;

/// <summary>Bad input ends with a clear message, exit code 2 and an error verdict; usage mistakes with 4.</summary>
public sealed class ScanCommandErrorTests
{
    [Fact]
    public async Task MissingModelIsAScanErrorWithAnErrorVerdict()
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;
        var result = await AegisProcess.RunAsync("scan", "/nonexistent/model.pt", "--data", RepoPaths.FashionMnist, "--out", output);

        Assert.Equal(2, result.ExitCode);
        var verdict = VerdictJson.Deserialize(File.ReadAllText(Path.Combine(output, "verdict.json")));
        Assert.Equal("error", verdict.Verdict);
        Assert.Equal(ErrorCodes.ModelNotFound, verdict.Error!.Code);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task GarbageModelIsAScanErrorNotAStackTrace()
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;
        var garbage = Path.Combine(output, "garbage.pt");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());

        var result = await AegisProcess.RunAsync("scan", garbage, "--data", RepoPaths.FashionMnist, "--out", output, "--json");

        Assert.Equal(2, result.ExitCode);
        var verdict = VerdictJson.Deserialize(result.StandardOutput);
        Assert.Equal("error", verdict.Verdict);
        Assert.Equal(ErrorCodes.ModelUnreadable, verdict.Error!.Code);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task DataOfTheWrongShapeIsAScanError()
    {
        // CIFAR-10-shaped data (3x32x32) for a 1x28x28 model.
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;
        var data = Directory.CreateDirectory(Path.Combine(output, "cifar")).FullName;
        var record = new byte[1 + 3072];
        var batch = Enumerable.Range(0, 20).SelectMany(i => { record[0] = (byte)(i % 10); return record.ToArray(); }).ToArray();
        File.WriteAllBytes(Path.Combine(data, "data_batch_1.bin"), batch);
        File.WriteAllBytes(Path.Combine(data, "test_batch.bin"), batch);

        var result = await AegisProcess.RunAsync("scan", RepoPaths.Fixture("robust_clean.pt"), "--data", data, "--out", output, "--json");

        Assert.Equal(2, result.ExitCode);
        var verdict = VerdictJson.Deserialize(result.StandardOutput);
        Assert.Equal(ErrorCodes.DatasetMismatch, verdict.Error!.Code);
        Assert.Contains("3x32x32", verdict.Error.Message);
    }

    [Fact]
    public async Task AMalformedDatasetIsExplainedInTheScannersOwnWords()
    {
        // The sandbox reports only an error code; the scanner reads the dataset itself to say what is wrong.
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;
        var data = Directory.CreateDirectory(Path.Combine(output, "truncated")).FullName;
        foreach (var file in Directory.GetFiles(RepoPaths.FashionMnist, "*-ubyte.gz"))
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        var images = Path.Combine(data, "train-images-idx3-ubyte.gz");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..4096]);

        var result = await AegisProcess.RunAsync("scan", RepoPaths.Fixture("robust_clean.pt"), "--data", data, "--out", output, "--json");

        Assert.Equal(2, result.ExitCode);
        var verdict = VerdictJson.Deserialize(result.StandardOutput);
        Assert.Equal(ErrorCodes.DatasetInvalid, verdict.Error!.Code);
        Assert.Contains("train-images-idx3-ubyte", verdict.Error.Message);
        Assert.DoesNotContain("sandbox", verdict.Error.Message);
    }

    [Fact]
    public async Task MissingDataFolderIsAScanError()
    {
        using var outputDirectory = new TempDirectory();
        var output = outputDirectory.Path;
        var result = await AegisProcess.RunAsync("scan", RepoPaths.Fixture("robust_clean.pt"), "--data", Path.Combine(output, "nothing-here"), "--out", output);

        Assert.Equal(2, result.ExitCode);
        var verdict = VerdictJson.Deserialize(File.ReadAllText(Path.Combine(output, "verdict.json")));
        Assert.Equal(ErrorCodes.DatasetInvalid, verdict.Error!.Code);
    }

    [Fact]
    public async Task UnwritableOutputFolderIsAClearError()
    {
        using var folderDirectory = new TempDirectory();
        var folder = folderDirectory.Path;
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllText(blocker, "not a folder");

        var result = await AegisProcess.RunAsync("scan", "/nonexistent/model.pt", "--data", RepoPaths.FashionMnist, "--out", Path.Combine(blocker, "out"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.StandardError.Trim());
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("scan", "model.pt", "--rule", "vibes")]
    [InlineData("scan", "model.pt", "--seeds", "0")]
    [InlineData("scan", "model.pt", "--remote", "not a url", "--key", "k")]
    [InlineData("scan", "model.pt", "--remote", "http://127.0.0.1:9")]
    [InlineData("upload", "model.pt", "--remote", "not a url", "--key", "k")]
    [InlineData("upload", "model.pt", "--remote", "http://127.0.0.1:9")]
    [InlineData("upload", ".", "--remote", "http://127.0.0.1:9", "--key", "k", "--dataset", "fashion-mnist")]
    [InlineData("frobnicate")]
    public async Task UsageErrorsExitWithFour(params string[] arguments)
    {
        var result = await AegisProcess.RunAsync(arguments);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("error", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HelpDescribesTheExitCodes()
    {
        var result = await AegisProcess.RunAsync("scan", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 backdoored", result.StandardOutput);
        Assert.Contains("--rule", result.StandardOutput);
    }
}
