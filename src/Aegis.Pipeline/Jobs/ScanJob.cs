using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Core.IO;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Trigger;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// One unit of model work, as a message on the job queue (<c>Aegis__JobQueue</c>): the wire format
/// between a host and any worker. It carries every name the worker needs — the scan, the model blob
/// version, the dataset, the parameters, the class and run — and nothing the worker writes is named
/// by it: the result's blobs are derived from the scan id and <see cref="Name"/> (<see cref="WorkPaths"/>).
/// A message is input like an HTTP body: <see cref="Problem"/> checks it before anything is fetched.
/// </summary>
public sealed record ScanJob
{
    /// <summary>Bumped when the message changes incompatibly; a worker refuses other versions.</summary>
    public const int CurrentSchema = 1;
    /// <summary>Far below the queue's 64 KiB: a job is names and parameters, never data.</summary>
    public const int MaxMessageBytes = 32 * 1024;

    public int Schema { get; init; } = CurrentSchema;
    public required string Kind { get; init; }
    public required string ScanId { get; init; }
    public required BlobRef Model { get; init; }
    public required string Dataset { get; init; }
    public required ScanParameters Parameters { get; init; }
    /// <summary>The class of a <see cref="JobKinds.ScanClass"/> job.</summary>
    public int? Label { get; init; }
    /// <summary>The run of a <see cref="JobKinds.ScanClass"/> job (0-based; <c>--runs</c> repeats a class with seed + run).</summary>
    public int Run { get; init; }
    /// <summary>The classes of a <see cref="JobKinds.ReverseTriggers"/> job.</summary>
    public IReadOnlyList<int>? Classes { get; init; }

    /// <summary>The job's name within its scan: its result's folder and its completion event's name.</summary>
    public string Name => NameOf(Kind, Label, Run);

    /// <summary>The parameters this job runs with: run r draws its own seeds, translations, embedding and probe images.</summary>
    public ScanParameters RunParameters => Parameters with { RandomSeed = Parameters.RandomSeed + Run };

    public static string NameOf(string kind, int? label = null, int run = 0) =>
        kind == JobKinds.ScanClass ? $"class-{label}-run-{run}" : kind;

    public static ScanJob Inspect(string scanId, BlobRef model, string dataset, ScanParameters parameters) =>
        new() { Kind = JobKinds.Inspect, ScanId = scanId, Model = model, Dataset = dataset, Parameters = parameters };

    public static ScanJob ScanClass(string scanId, BlobRef model, string dataset, ScanParameters parameters, int label, int run) =>
        new() { Kind = JobKinds.ScanClass, ScanId = scanId, Model = model, Dataset = dataset, Parameters = parameters, Label = label, Run = run };

    public static ScanJob ReverseTriggers(string scanId, BlobRef model, string dataset, ScanParameters parameters, IReadOnlyList<int> classes) =>
        new() { Kind = JobKinds.ReverseTriggers, ScanId = scanId, Model = model, Dataset = dataset, Parameters = parameters, Classes = classes };

    public static ScanJob Trace(string scanId, BlobRef model, string dataset, ScanParameters parameters) =>
        new() { Kind = JobKinds.Trace, ScanId = scanId, Model = model, Dataset = dataset, Parameters = parameters };

    public string ToMessage() => PipelineJson.Serialize(this);

    /// <summary>The job in a queue message, or null with what is wrong with it (the model must be in <paramref name="modelsContainer"/>).</summary>
    public static (ScanJob? Job, string? Problem) FromMessage(string text, string modelsContainer)
    {
        if (text.Length > MaxMessageBytes)
            return (null, "the message is larger than a job can be.");
        ScanJob? job;
        try
        {
            job = JsonSerializer.Deserialize<ScanJob>(text, PipelineJson.Options);
        }
        catch (JsonException)
        {
            return (null, "the message is not a job.");
        }
        if (job is null)
            return (null, "the message is not a job.");
        return job.Problem(modelsContainer) is { } problem ? (null, problem) : (job, null);
    }

    /// <summary>What is wrong with this job as a worker receives it, or null.</summary>
    public string? Problem(string modelsContainer)
    {
        if (Schema != CurrentSchema)
            return $"schema {Schema} is not {CurrentSchema}.";
        if (!JobKinds.All.Contains(Kind))
            return "kind is not a job kind.";
        if (ScanId is null || !ScanIds.IsScanId(ScanId))
            return "scanId is not a scan id.";
        if (Model is null || Model.Container != modelsContainer)
            return $"model must be a blob in the {modelsContainer} container.";
        if (BlobNameValidator.Problem(Model.Name) is { } name)
            return $"model.name: {name}.";
        if (!ScanIds.IsETag(Model.ETag))
            return "model.eTag is not an ETag.";
        if (BlobNameValidator.Problem(Dataset) is { } dataset)
            return $"dataset: {dataset}.";
        if (Parameters is null)
            return "parameters are missing.";
        if (Parameters.Validate() is { Count: > 0 } problems)
            return string.Join(" ", problems);
        if (Kind == JobKinds.ScanClass && Label is not (>= 0 and < ScanParameterLimits.MaxClasses))
            return $"label must be in 0..{ScanParameterLimits.MaxClasses - 1}.";
        if (Kind != JobKinds.ScanClass && Label is not null)
            return "only a scan-class job names a label.";
        if (Run < 0 || Run >= Parameters.Runs)
            return "run must be below the parameters' runs.";
        if (Kind == JobKinds.ReverseTriggers
            && (Classes is null || Classes.Count is 0 or > ScanParameterLimits.MaxClasses || Classes.Any(c => c is < 0 or >= ScanParameterLimits.MaxClasses)))
            return "classes must list 1 to the maximum number of classes, each a class label.";
        if (Kind != JobKinds.ReverseTriggers && Classes is not null)
            return "only a reverse-triggers job lists classes.";
        return null;
    }

    /// <summary>True when <paramref name="scanId"/> and <paramref name="name"/> can name a job's blobs (a completion message is checked with it).</summary>
    public static bool IsJobName(string scanId, string name) =>
        ScanIds.IsScanId(scanId) && (name is JobKinds.Inspect or JobKinds.ReverseTriggers or JobKinds.Trace || IsClassJobName(name));

    private static bool IsClassJobName(string name)
    {
        var parts = name.Split('-');
        return parts is ["class", var label, "run", var run]
            && int.TryParse(label, System.Globalization.NumberStyles.None, null, out int l) && l < ScanParameterLimits.MaxClasses && l.ToString() == label
            && int.TryParse(run, System.Globalization.NumberStyles.None, null, out int r) && r < ScanParameterLimits.MaxRuns && r.ToString() == run;
    }
}
