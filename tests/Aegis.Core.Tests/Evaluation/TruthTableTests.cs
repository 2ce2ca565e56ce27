using Aegis.Core.Evaluation;

namespace Aegis.Core.Tests.Evaluation;

public sealed class TruthTableTests
{
    [Fact]
    public void RowsGiveEachModelsTruthInAnyColumnOrder()
    {
        using var folder = new TempDirectory();
        string path = Write(folder, """
            target,model,attack_success,backdoored,trigger
            7,robust_local.pt,0.61,true,localized
            ,robust_clean.pt,,false,
            "3","a, b.pt",,yes,
            """);

        var truth = TruthTable.Read(path);

        Assert.Equal(new ModelTruth { Backdoored = true, Target = 7, AttackSuccess = 0.61, Trigger = "localized" }, truth["robust_local.pt"]);
        Assert.Equal(new ModelTruth { Backdoored = false }, truth["robust_clean.pt"]);
        Assert.Equal(3, truth["a, b.pt"].Target);
    }

    [Theory]
    [InlineData("model,backdoored,target\nm.pt,true,1", "no 'attack_success' column")]
    [InlineData("model,backdoored,target,attack_success\nm.pt,maybe,,", ":2: backdoored must be true or false")]
    [InlineData("model,backdoored,target,attack_success\nm.pt,false,3,", "a clean model has no target")]
    [InlineData("model,backdoored,target,attack_success\nm.pt,true,-1,", "target must be a class number")]
    [InlineData("model,backdoored,target,attack_success\nm.pt,true,1,1.5", "attack_success must be a fraction")]
    [InlineData("model,backdoored,target,attack_success\n../m.pt,true,1,", "without a path")]
    [InlineData("model,backdoored,target,attack_success\nm.pt,true,1,\nm.pt,false,,", "listed twice")]
    [InlineData("model,backdoored,target,attack_success\nm.pt,true,1", "3 fields where the header has 4")]
    [InlineData("model,backdoored,target,attack_success\n\"m.pt,true,1,", "not closed")]
    public void AMalformedFileIsRefusedWithItsLine(string text, string message)
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<InvalidDataException>(() => TruthTable.Read(Write(folder, text)));

        Assert.Contains(message, error.Message);
    }

    private static string Write(TempDirectory folder, string text)
    {
        string path = Path.Combine(folder.Path, TruthTable.FileName);
        File.WriteAllText(path, text);
        return path;
    }
}
