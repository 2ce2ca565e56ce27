using System.IO.Compression;
using System.Text;
using Aegis.Core.Verdicts;
using Aegis.Scanning.Tests.Infrastructure;

namespace Aegis.Scanning.Tests;

/// <summary>PrepareScan runs the static model check before the host loads a model: a hostile upload ends as a model-unsafe verdict.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ModelSafetyPipelineTests(PipelineFixture fixture)
{
    [Fact]
    public async Task A_model_that_reads_a_file_gets_a_model_unsafe_verdict_naming_the_operator()
    {
        using var scenario = new Scenario(fixture, "unsafe");
        await scenario.StartHostAsync();
        var model = Path.Combine(Path.GetTempPath(), $"aegis-unsafe-{Guid.NewGuid():N}.pt");
        WriteEdited(model, "    _r = torch.from_file(\"/etc/passwd\", False, 64, dtype=0)\n");
        try
        {
            await scenario.UploadModelAsync("reader.pt", model, Scenario.TinyParameters with { Classes = [0, 1] });

            var verdict = await scenario.WaitForVerdictAsync("reader", TimeSpan.FromMinutes(3));

            Assert.Equal(VerdictKinds.Error, verdict.Verdict);
            Assert.Equal(ErrorCodes.ModelUnsafe, verdict.Error!.Code);
            Assert.Contains("code/__torch__.py:24: aten::from_file reads a file into a tensor", verdict.Error.Message);
            Assert.DoesNotContain("root:", verdict.Error.Message);
            Assert.False(scenario.Host!.HasExited);
        }
        finally
        {
            File.Delete(model);
        }
    }

    /// <summary>robust_clean.pt with a line inserted into features(), the way an attacker edits an archive.</summary>
    private static void WriteEdited(string target, string inserted)
    {
        const string anchor = "    x0 = torch.div(_2, std)\n";
        using var source = ZipFile.OpenRead(Path.Combine(RepoPaths.Fixtures, "robust_clean.pt"));
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var reader = entry.Open();
            using var buffer = new MemoryStream();
            reader.CopyTo(buffer);
            var bytes = buffer.ToArray();
            if (entry.FullName.EndsWith("/code/__torch__.py", StringComparison.Ordinal))
                bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(anchor, anchor + inserted));
            using var writer = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            writer.Write(bytes);
        }
    }
}
