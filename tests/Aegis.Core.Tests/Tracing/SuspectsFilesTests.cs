using Aegis.Core.Tracing;

namespace Aegis.Core.Tests.Tracing;

public sealed class SuspectsFilesTests
{
    private static Suspect Row(string index, double score) => new(index, 7, score)
    {
        Presence = 1, Confidence = 0.99, CoveredConfidence = 0.01, CoveredPrediction = 3, FeatureAffinity = 0.8,
    };

    [Fact]
    public void TheCsvStartsWithIndexLabelScoreQuotesFileNamesAndReadsBackAsRows()
    {
        var report = new TraceReport
        {
            Model = "m", ModelSha256 = new string('a', 64), Verdict = "backdoored", Data = "/d",
            Classes = [new TracedClass(7, TraceTrigger.PatchSource, 2, 1, 0.9, [783])],
            Suspects = [Row("12", 0.9) with { Suspected = true }, Row("3", 0.1)],
        };
        string folder = Directory.CreateTempSubdirectory("aegis-suspects-").FullName;

        SuspectsFiles.Write(folder, report);

        var lines = File.ReadAllLines(Path.Combine(folder, SuspectsFiles.CsvFile));
        Assert.StartsWith("index,label,score,", lines[0]);
        Assert.Equal("12,7,0.9,true,1,0.99,0.01,3,true,0.8,0,0,aegis-patch", lines[1]);
        Assert.Equal([12], SuspectRows.Read(Path.Combine(folder, SuspectsFiles.CsvFile)));
        Assert.Equal([12, 3], SuspectRows.Read(Path.Combine(folder, SuspectsFiles.CsvFile), top: 5));
        var json = SuspectsFiles.ReadJson(File.ReadAllText(Path.Combine(folder, SuspectsFiles.JsonFile)));
        Assert.Equal(report.Suspects.Select(s => s.Index), json.Suspects.Select(s => s.Index));
        Assert.Contains("\"7/a,b.png\"", SuspectsFiles.Csv(report with { Suspects = [Row("7/a,b.png", 0.5)] }));
    }

    [Fact]
    public void AFileThatIsNotASuspectsCsvOrNamesFilesIsRefused()
    {
        string folder = Directory.CreateTempSubdirectory("aegis-suspects-").FullName;
        File.WriteAllText(Path.Combine(folder, "a.csv"), "row,score\n1,0.5\n");
        File.WriteAllText(Path.Combine(folder, "b.csv"), "index,label,score,suspected\n7/x.png,7,0.9,true\n");
        File.WriteAllText(Path.Combine(folder, "c.csv"), "index,label,score\n5,7,0.9\n");

        Assert.Throws<InvalidDataException>(() => SuspectRows.Read(Path.Combine(folder, "a.csv")));
        Assert.Contains("not a training row", Assert.Throws<InvalidDataException>(() => SuspectRows.Read(Path.Combine(folder, "b.csv"))).Message);
        Assert.Contains("suspected", Assert.Throws<InvalidDataException>(() => SuspectRows.Read(Path.Combine(folder, "c.csv"))).Message);
        Assert.Equal([5], SuspectRows.Read(Path.Combine(folder, "c.csv"), top: 1));
        Assert.Throws<FileNotFoundException>(() => SuspectRows.Read(Path.Combine(folder, "none.csv")));
    }
}
