namespace Aegis.Pipeline.Storage;

/// <summary>
/// Blob names inside the work container and beside the verdicts. Everything a job or activity
/// writes is named by the scan id and the job's name (never by anything a message says), so a job
/// that runs twice overwrites the same blobs instead of adding others.
/// </summary>
public static class WorkPaths
{
    public static string Scan(string scanId) => $"scans/{scanId}/";
    public static string Job(string scanId, string job) => $"{Scan(scanId)}jobs/{job}/";
    /// <summary>How the job ended (<see cref="Jobs.JobOutcome"/>), written last: its presence means the job is done.</summary>
    public static string JobResult(string scanId, string job) => Job(scanId, job) + "result.json";
    /// <summary>A class's features and images (<see cref="FeaturesCodec"/>).</summary>
    public static string Features(string scanId, string job) => Job(scanId, job) + "features.aegf";
    /// <summary>A class's embedding, clusters, shift and trigger check (<see cref="Core.Detection.ClassAnalysis"/>).</summary>
    public static string Analysis(string scanId, string job) => Job(scanId, job) + "analysis.json";
    /// <summary>Neural Cleanse's reversed triggers.</summary>
    public static string Triggers(string scanId, string job) => Job(scanId, job) + "triggers.json";
    /// <summary>Step 5's decision over all classes and runs.</summary>
    public static string Decision(string scanId) => Scan(scanId) + "decision.json";

    /// <summary>The verdict blob (DESIGN.md: verdicts/&lt;name&gt;/&lt;scanId&gt;.json), name without the .pt extension.</summary>
    public static string Verdict(string modelName, string scanId) => $"{ModelStem(modelName)}/{scanId}.json";
    public static string Artifacts(string modelName, string scanId) => $"{ModelStem(modelName)}/{scanId}/";
    /// <summary>report.html, drawn with the pictures (Aegis.Reporting's ReportArtifacts) and uploaded among them.</summary>
    public static string Report(string modelName, string scanId) => Artifacts(modelName, scanId) + "report.html";

    /// <summary>The trace's suspects (<see cref="Core.Tracing.SuspectsFiles"/>), beside the report.</summary>
    public static string Suspects(string modelName, string scanId) => Artifacts(modelName, scanId) + Core.Tracing.SuspectsFiles.JsonFile;
    public static string SuspectsCsv(string modelName, string scanId) => Artifacts(modelName, scanId) + Core.Tracing.SuspectsFiles.CsvFile;

    public static string ModelStem(string modelName) =>
        modelName.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) ? modelName[..^3] : modelName;
}
