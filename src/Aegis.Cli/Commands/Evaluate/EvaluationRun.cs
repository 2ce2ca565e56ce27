using Aegis.Core.Detection;
using Aegis.Core.Evaluation;
using Aegis.Core.Verdicts;
using Aegis.Sandbox;
using Aegis.Scanner;

namespace Aegis.Cli.Commands.Evaluate;

/// <summary>What an evaluation scans with and where it writes.</summary>
public sealed record EvaluationSettings
{
    public required string DataDirectory { get; init; }
    public required string OutputDirectory { get; init; }
    public required ScanParameters Parameters { get; init; }
    public required SandboxOptions Sandbox { get; init; }
    /// <summary>Scans at a time; each sandbox gets an equal share of the cores.</summary>
    public int Parallel { get; init; } = 1;
    public bool WriteReports { get; init; } = true;
    /// <summary>Scan again the models whose earlier verdict was an error.</summary>
    public bool RetryErrors { get; init; }
}

/// <summary>
/// Scans every model of the catalog into <c>OUT/scans/&lt;model&gt;/</c> (verdict.json, report.html), at
/// most <see cref="EvaluationSettings.Parallel"/> at a time. Resumable: a model whose verdict there was
/// made of the same bytes with the same parameters is not scanned again (an error only with
/// <see cref="EvaluationSettings.RetryErrors"/>). A model that cannot be scanned gets an error entry;
/// nothing about one model stops the others.
/// </summary>
public static class EvaluationRun
{
    public const string ScansFolder = "scans";

    /// <param name="finished">Called as each model is done (from any thread, one at a time): the entry, and whether an earlier verdict was kept.</param>
    public static async Task<IReadOnlyList<EvaluatedModel>> RunAsync(IReadOnlyList<CatalogEntry> catalog, EvaluationSettings settings,
        Action<EvaluatedModel, bool>? finished = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(settings);
        var results = new EvaluatedModel[catalog.Count];
        var sandbox = settings.Sandbox with { Threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, settings.Parallel)) };
        var report = new Lock();
        await Parallel.ForEachAsync(Enumerable.Range(0, catalog.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Parallel), CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (model, kept) = await EvaluateAsync(catalog[i], settings with { Sandbox = sandbox }, token);
                results[i] = model;
                lock (report)
                    finished?.Invoke(model, kept);
            });
        return results;
    }

    private static async Task<(EvaluatedModel Model, bool Kept)> EvaluateAsync(CatalogEntry entry, EvaluationSettings settings, CancellationToken cancellationToken)
    {
        if (entry.Path is null)
            return (EvaluatedModel.Failed(entry.Name, ErrorCodes.ModelNotFound, $"truth.csv lists '{entry.Name}', which is not in the folder.", entry.Truth), false);
        string folder = Path.Combine(settings.OutputDirectory, ScansFolder, entry.Name);
        string verdictFile = Path.Combine(folder, LocalScan.VerdictFile);
        string relative = Path.GetRelativePath(settings.OutputDirectory, verdictFile);
        if (Earlier(verdictFile, entry, settings) is { } earlier)
            return (EvaluatedModel.From(entry.Name, earlier, entry.Truth, relative), true);

        var verdict = await LocalScan.RunAsync(new LocalScanRequest
        {
            ModelPath = entry.Path,
            DataDirectory = settings.DataDirectory,
            OutputDirectory = folder,
            Parameters = settings.Parameters,
            Sandbox = settings.Sandbox,
            WriteReport = settings.WriteReports,
        }, cancellationToken: cancellationToken);
        return (EvaluatedModel.From(entry.Name, verdict, entry.Truth, relative), false);
    }

    /// <summary>The verdict already in the output folder, if it is of this model's bytes, with these parameters (and not an error to retry).</summary>
    private static ScanVerdict? Earlier(string verdictFile, CatalogEntry entry, EvaluationSettings settings)
    {
        if (!File.Exists(verdictFile))
            return null;
        ScanVerdict verdict;
        try
        {
            verdict = VerdictJson.Deserialize(File.ReadAllText(verdictFile));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
        {
            return null;
        }
        if (verdict.Verdict == VerdictKinds.Error && settings.RetryErrors)
            return null;
        if (verdict.Model is { Sha256.Length: > 0 } model && model.Sha256 != EvaluationCatalog.Sha256(entry.Path!))
            return null;
        if (verdict.Parameters is { } parameters && System.Text.Json.JsonSerializer.Serialize(parameters, VerdictJson.Options) != System.Text.Json.JsonSerializer.Serialize(settings.Parameters, VerdictJson.Options))
            return null;
        return verdict;
    }
}
