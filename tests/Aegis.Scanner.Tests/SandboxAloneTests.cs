using Aegis.Sandbox;
using Aegis.Sandbox.Operations;
using Aegis.Core.Verdicts;
using Aegis.ModelSafety;
using Aegis.Torch.Tests;

namespace Aegis.Scanner.Tests;

/// <summary>
/// The sandbox on its own, without the static check in front of it (a scan never skips the check;
/// these tests open the model in a <see cref="SandboxSession"/> directly). The models write and
/// read files with operators the check refuses, standing in for an operator the check allows that
/// turns out to reach the file system (issue 16's two-directory archive did exactly that): each
/// isolation that holds native code must contain them anyway, and a trusted process shows that
/// the attack is real.
/// </summary>
public sealed class SandboxAloneTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("aegis-sandbox-alone-").FullName;

    public static TheoryData<IsolationMode> Walled => [IsolationMode.Bubblewrap, IsolationMode.Confined];

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task AModelThatWritesAFileWritesNothingOutsideTheSandbox(IsolationMode isolation)
    {
        var target = Path.Combine(_scratch, "written-by-the-model.pt");
        var model = TestData.RewriteCode("robust_clean", code => HostileEdits.ForwardSuffix(code, $"torch.save(_0, \"{target}\")\n    "), _scratch);
        Assert.False(ModelSafetyCheck.Check(model).IsSafe);

        var contained = await OpenAsync(model, isolation);

        // libtorch's save may fail quietly or loudly; either way nothing exists outside the sandbox.
        Assert.Equal(IsolationNames.Of(isolation), contained.Isolation);
        Assert.False(File.Exists(target), "the model wrote outside its sandbox");

        // The control: in a trusted process the same model does write, so the attack is real and the walls are what stop it.
        var plain = await OpenAsync(model, IsolationMode.TrustedProcess);
        Assert.Equal(IsolationNames.TrustedProcess, plain.Isolation);
        Assert.True(File.Exists(target));
    }

    [Theory]
    [MemberData(nameof(Walled))]
    public async Task AModelThatReadsFilesFindsNoneAndNoMessageQuotesThem(IsolationMode isolation)
    {
        const string secret = "AccountKey=planted-secret-4f1c9e";
        var planted = Path.Combine(_scratch, "local.settings.json");
        await File.WriteAllTextAsync(planted, $"{{\"Values\":{{\"AzureWebJobsStorage\":\"{secret}\"}}}}");
        foreach (var path in new[] { planted, "/etc/passwd", "local.settings.json" })
        {
            // Issue 8's read: the file's first bytes become a shape, which an error message once quoted.
            var model = TestData.RewriteCode("robust_clean", code => HostileEdits.ForwardSuffix(code,
                $"data = torch.from_file(\"{path}\", False, 16, dtype=0)\n    _0 = torch.add(_0, torch.sum(torch.empty([0, int(data[0]) + 1, int(data[1]) + 1])))\n    "), _scratch);

            var contained = await OpenAsync(model, isolation);

            Assert.Equal(IsolationNames.Of(isolation), contained.Isolation);
            Assert.NotNull(contained.Failure);
            string message = contained.Failure.Message.Replace(" ", "");
            Assert.DoesNotContain("planted-secret", message);
            Assert.DoesNotContain("root:", message);
            Assert.DoesNotContain("124,35", message); // '{' + 1, '"' + 1: the settings file's first bytes
            Assert.DoesNotContain("115,112", message); // 'r' + 1, 'o' + 1: /etc/passwd's first bytes
        }
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static async Task<(ScanFailureException? Failure, string Isolation)> OpenAsync(string model, IsolationMode isolation)
    {
        var input = new SandboxInput("model", model);
        await using var session = await SandboxSession.StartAsync([input], new SandboxOptions { Isolation = isolation });
        try
        {
            await session.CallAsync<ModelDescription>(OperationNames.OpenModel, new OpenModelRequest(session.PathOf(input), "hostile", Devices.Cpu));
            return (null, session.Isolation);
        }
        catch (ScanFailureException e)
        {
            return (e, session.Isolation);
        }
    }
}
