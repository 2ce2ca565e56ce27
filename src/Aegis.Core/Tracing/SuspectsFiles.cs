using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Core.Tracing;

/// <summary>suspects.csv (index,label,score first, then the evidence) and suspects.json, written atomically.</summary>
public static class SuspectsFiles
{
    public const string CsvFile = "suspects.csv";
    public const string JsonFile = "suspects.json";
    public const string CsvHeader = "index,label,score,suspected,presence,confidence,covered_confidence,covered_prediction,decision_changed,feature_affinity,spectral_signature,activation_clustering,trigger";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(string folder, TraceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        WriteAtomically(Path.Combine(folder, CsvFile), Csv(report));
        WriteAtomically(Path.Combine(folder, JsonFile), Json(report));
    }

    public static string Json(TraceReport report) => JsonSerializer.Serialize(report, Options);

    public static TraceReport ReadJson(string json) =>
        JsonSerializer.Deserialize<TraceReport>(json, Options) ?? throw new JsonException("suspects.json is empty.");

    public static string Csv(TraceReport report)
    {
        var triggers = report.Classes.ToDictionary(c => c.Label, c => c.Trigger);
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var s in report.Suspects)
            csv.Append(Field(s.Index)).Append(',')
                .Append(s.Label.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(s.Score)).Append(',')
                .Append(s.Suspected ? "true" : "false").Append(',')
                .Append(Number(s.Presence)).Append(',')
                .Append(Number(s.Confidence)).Append(',')
                .Append(Number(s.CoveredConfidence)).Append(',')
                .Append(s.CoveredPrediction.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.DecisionChanged ? "true" : "false").Append(',')
                .Append(Number(s.FeatureAffinity)).Append(',')
                .Append(Number(s.SpectralSignature)).Append(',')
                .Append(Number(s.ActivationClustering)).Append(',')
                .Append(triggers.GetValueOrDefault(s.Label, "")).Append('\n');
        return csv.ToString();
    }

    /// <summary>Through a temporary sibling and a rename, so a reader never sees half a file.</summary>
    private static void WriteAtomically(string path, string text)
    {
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A file name as one CSV field (RFC 4180 quoting when it holds a comma, quote or line break).</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
