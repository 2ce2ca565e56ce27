using System.Security.Cryptography;
using Aegis.Core.Verdicts;
using Aegis.ModelSafety;
using Aegis.Sandbox;
using Aegis.Sandbox.Operations;
using Aegis.Torch.Tests;

namespace Aegis.Scanner.Tests;

/// <summary>
/// One reader: libtorch loads the static check's canonical copy, never the upload. The copy of each
/// real model loads in the sandbox exactly like the upload, a scan's sandbox is given the copy,
/// and the two-directory archive of issue 16 shows why: libtorch reads the directory the check
/// would not have.
/// </summary>
public sealed class CanonicalModelTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("aegis-canonical-").FullName;

    public static TheoryData<string> Models =>
    [
        .. new[] { "robust_clean", "robust_local", "standard_local_small" }.Select(TestData.ModelPath),
        .. new[] { "densenet_tiny", "vit_tiny", "small_classifier" }.Select(n => Path.Combine(AppContext.BaseDirectory, "TestData", n + ".pt")),
    ];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task TheCanonicalCopyLoadsInTheSandboxLikeTheUpload(string model)
    {
        var report = ModelSafetyCheck.CheckAndCanonicalize(model, Path.Combine(_scratch, "copy.pt"));
        Assert.True(report.IsSafe, report.Describe(10));

        var upload = await OpenAsync(model);
        var copy = await OpenAsync(report.CanonicalCopy!.Path);

        // The torchvision exports have no features() method: both fail the scanner's contract alike.
        Assert.Equal(upload.Description, copy.Description);
        Assert.Equal(upload.Failure, copy.Failure);
        Assert.True(upload.Description is not null || upload.Failure == ErrorCodes.ModelContract, $"{model}: {upload.Failure}");
    }

    [Fact]
    public async Task AScanGivesItsSandboxTheCanonicalCopyAndDeletesItOnceLoaded()
    {
        string model = TestData.ModelPath("robust_clean");
        var target = new ScanTarget(model, "robust_clean.pt", TestData.FashionMnist, TestData.FashionMnist);
        string expected = ModelSafetyCheck.CheckAndCanonicalize(model, Path.Combine(_scratch, "expected.pt")).CanonicalCopy!.Sha256;

        await using var scan = await ModelScan.OpenAsync(target, new SandboxOptions());

        // The sandbox was given a file in a private temporary folder, not the upload; libtorch has the
        // model in memory, so the copy is already gone and the scan goes on without it.
        string loaded = scan.LoadedModelPath;
        Assert.NotEqual(Path.GetFullPath(model), loaded);
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "aegis-model-"), loaded);
        Assert.False(File.Exists(loaded));
        Assert.False(Directory.Exists(Path.GetDirectoryName(loaded)));
        Assert.Equal(Sha256(model), scan.Model.Sha256);
        Assert.Equal(expected, scan.Model.CanonicalSha256);
        Assert.NotEqual(scan.Model.Sha256, scan.Model.CanonicalSha256);
        Assert.Equal(new FileInfo(model).Length, scan.Model.SizeBytes);
        var dataset = await scan.LoadDatasetAsync();
        Assert.True(dataset.TrainImages > 0);
        await scan.CheckFeaturesAsync(new Aegis.Core.Detection.ScanParameters { Steps = 3 });
    }

    [Fact]
    public async Task LibtorchReadsTheZip64DirectoryOfATwoDirectoryArchiveWhichTheCheckRefuses()
    {
        // B's forward() returns its logits twice over: 20 classes where the directory A describes 10.
        var archive = HostileModels.TwoDirectories(TestData.ModelPath("robust_clean"), Path.Combine(_scratch, "two-directories.pt"), code =>
            code.Replace("    return _0\n", "    return torch.cat([_0, _0], 1)\n", StringComparison.Ordinal));
        var honest = await OpenAsync(TestData.ModelPath("robust_clean"));

        var direct = await OpenAsync(archive);
        var report = ModelSafetyCheck.CheckAndCanonicalize(archive, Path.Combine(_scratch, "never.pt"));

        Assert.Equal(10, honest.Description!.ClassCount);
        Assert.Equal(20, direct.Description?.ClassCount);
        Assert.Equal(ModelSafetyStatus.Unsafe, report.Status);
        Assert.Null(report.CanonicalCopy);
    }

    [Theory]
    [InlineData("two-directories")]
    [InlineData("case-colliding-code")]
    [InlineData("type-comment")]
    [InlineData("unchecked-cast-to-archive-class")]
    [InlineData("pickled-class-mismatch")]
    public async Task AScanOfAnIssue16ArchiveIsAModelUnsafeVerdictAndStartsNoSandbox(string name)
    {
        var model = HostileModels.Cases[name](TestData.ModelPath("robust_clean"), Path.Combine(_scratch, name + ".pt"));

        var verdict = await LocalScan.RunAsync(new LocalScanRequest
        {
            ModelPath = model,
            DataDirectory = TestData.FashionMnist,
            OutputDirectory = Path.Combine(_scratch, name),
            Sandbox = new SandboxOptions(),
            WriteReport = false,
        });

        Assert.Equal(ErrorCodes.ModelUnsafe, verdict.Error?.Code);
        Assert.Null(verdict.Model);
        Assert.False(File.Exists("/tmp/aegis-hostile-written"));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Opens the file in a sandbox of its own, without the static check (as SandboxAloneTests does).</summary>
    private static async Task<(ModelDescription? Description, string? Failure)> OpenAsync(string model)
    {
        var input = new SandboxInput("model", model);
        await using var session = await SandboxSession.StartAsync([input], new SandboxOptions { Isolation = IsolationMode.Bubblewrap });
        try
        {
            var description = await session.CallAsync<ModelDescription>(OperationNames.OpenModel, new OpenModelRequest(session.PathOf(input), "model", Devices.Cpu));
            return (description, null);
        }
        catch (ScanFailureException e)
        {
            return (null, e.Code);
        }
    }
}
