using Aegis.Core.Verdicts;
using Aegis.Pipeline.Tests.Infrastructure;

namespace Aegis.Pipeline.Tests;

/// <summary>PrepareScan runs the static model check before the host loads a model: a hostile upload ends as a model-unsafe verdict.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ModelSafetyPipelineTests(PipelineFixture fixture)
{
    [Fact]
    public async Task AModelThatReadsAFileGetsAModelUnsafeVerdictNamingTheOperator()
    {
        using var scenario = new Scenario(fixture, "unsafe");
        await scenario.StartHostAsync();
        var model = Path.Combine(Path.GetTempPath(), $"aegis-unsafe-{Guid.NewGuid():N}.pt");
        FixtureArchives.InsertInFeatures(Path.Combine(RepoPaths.FixtureModels, "robust_clean.pt"), model, "_r = torch.from_file(\"/etc/passwd\", False, 64, dtype=0)");
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
}
