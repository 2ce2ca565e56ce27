using System.Text.Json;
using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;
using Azure;
using Aegis.Core.Text;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// A job's blobs in the work container, written by the worker that ran it and read back by the host.
/// The outcome (<c>result.json</c>) is written last, so its presence means the job is done. What a
/// worker wrote is checked before it is used — the label and sizes against the job, the triggers
/// against the model's shape — as any answer from the model's side is: a broken answer throws
/// <see cref="InvalidDataException"/>, which fails the activity, and the scan's retries take it again.
/// </summary>
public sealed class JobResults(ScanStorage storage)
{
    /// <summary>Largest result.json read back: an outcome is a few hundred bytes, an inspection a few KB.</summary>
    private const long MaxOutcomeBytes = 256 * 1024;

    public Task WriteOutcomeAsync(string scanId, JobOutcome outcome, CancellationToken cancellationToken) =>
        ScanStorage.WriteJsonAsync(storage.Work, WorkPaths.JobResult(scanId, outcome.Job), outcome, cancellationToken);

    /// <summary>The job's outcome, or null while it has none; an outcome that is not this job's, or not final, throws.</summary>
    public async Task<JobOutcome?> ReadOutcomeAsync(string scanId, string job, CancellationToken cancellationToken)
    {
        if (!ScanJob.IsJobName(scanId, job))
            throw new ArgumentException("Not a job of a scan.", nameof(job));
        var blob = storage.Work.GetBlobClient(WorkPaths.JobResult(scanId, job));
        BinaryData content;
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ContentLength > MaxOutcomeBytes)
                throw new InvalidDataException($"The result of job {job} of scan {scanId} is larger than a result can be.");
            content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        JobOutcome outcome;
        try
        {
            outcome = PipelineJson.Deserialize<JobOutcome>(content.ToString());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The result of job {job} of scan {scanId} is not a job outcome.", e);
        }
        if (outcome.Job != job || !JobStatus.Final.Contains(outcome.Status) || (outcome.Status != JobStatus.Succeeded && outcome.Error is null))
            throw new InvalidDataException($"The result of job {job} of scan {scanId} is not a finished outcome of that job.");
        return outcome with { Worker = UntrustedText.Quote(outcome.Worker) };
    }

    /// <summary>A scanned class's features and analysis, written before its outcome.</summary>
    public async Task WriteClassAsync(ScanJob job, ClassScanResult result, CancellationToken cancellationToken)
    {
        await storage.Work.GetBlobClient(WorkPaths.Features(job.ScanId, job.Name)).UploadAsync(BinaryData.FromBytes(FeaturesCodec.Encode(result.Features)), overwrite: true, cancellationToken);
        await ScanStorage.WriteJsonAsync(storage.Work, WorkPaths.Analysis(job.ScanId, job.Name), result.Analysis, cancellationToken);
    }

    /// <summary>Class <paramref name="label"/>'s analysis from run <paramref name="run"/>, checked against the parameters the scan ran with.</summary>
    public async Task<ClassAnalysis> ReadAnalysisAsync(string scanId, int label, int run, ScanParameters parameters, CancellationToken cancellationToken)
    {
        string job = ScanJob.NameOf(JobKinds.ScanClass, label, run);
        var analysis = PipelineJson.Deserialize<ClassAnalysis>(await ReadTextAsync(WorkPaths.Analysis(scanId, job), cancellationToken));
        int rows = analysis.TranslatedCount + analysis.CleanCount;
        bool plausible = analysis.Label == label
            && analysis.TranslatedCount is >= 0 && analysis.TranslatedCount <= parameters.Seeds
            && analysis.CleanCount is >= 0 && analysis.CleanCount <= parameters.CleanPerClass
            && analysis.Embedding?.Length == 2 * rows && analysis.ClusterLabels?.Length == rows
            && analysis.ClusterCount >= 0 && analysis.ClusterLabels.All(c => c >= 0 && c < Math.Max(1, analysis.ClusterCount));
        if (!plausible)
            throw new InvalidDataException($"The analysis of class {label} of scan {scanId} does not fit the scan's parameters.");
        return analysis;
    }

    /// <summary>Class <paramref name="label"/>'s features and images (run 0 is the one the verdict shows).</summary>
    public async Task<ClassFeatures> ReadFeaturesAsync(string scanId, int label, ClassAnalysis analysis, CancellationToken cancellationToken)
    {
        string path = WorkPaths.Features(scanId, ScanJob.NameOf(JobKinds.ScanClass, label, 0));
        var content = await storage.Work.GetBlobClient(path).DownloadContentAsync(cancellationToken);
        var features = FeaturesCodec.Decode(content.Value.Content.ToMemory().Span);
        if (features.Label != label || features.Translated.Rows != analysis.TranslatedCount || features.Clean.Rows != analysis.CleanCount)
            throw new InvalidDataException($"The features of class {label} of scan {scanId} are not the ones its analysis was made from.");
        return features;
    }

    public Task WriteTriggersAsync(ScanJob job, ReversedTriggerSet triggers, CancellationToken cancellationToken) =>
        ScanStorage.WriteJsonAsync(storage.Work, WorkPaths.Triggers(job.ScanId, job.Name), triggers, cancellationToken);

    /// <summary>Neural Cleanse's triggers, checked against the inspected model's shape, its classes and the scan's; sizes measured again from the masks.</summary>
    public async Task<ReversedTriggerSet> ReadTriggersAsync(string scanId, IReadOnlyList<int> classes, int modelClasses, string inputShape, ScanParameters parameters, CancellationToken cancellationToken)
    {
        var set = PipelineJson.Deserialize<ReversedTriggerSet>(await ReadTextAsync(WorkPaths.Triggers(scanId, JobKinds.ReverseTriggers), cancellationToken));
        if (set.Triggers is null || set.Shape.ToString() != inputShape || !NeuralCleanseTriggerCheck.IsPlausible(set.Triggers, classes, set.Shape, parameters.NeuralCleanse)
            || !NeuralCleanseTriggerCheck.IsPlausible(set.AllToAll, modelClasses, set.Shape, parameters.NeuralCleanse)
            || set.TrainingFingerprint is not null && !(set.TrainingFingerprint.Length == 64 && set.TrainingFingerprint.All(char.IsAsciiHexDigitLower)))
            throw new InvalidDataException($"The reversed triggers of scan {scanId} are not plausible for its model.");
        return set with { Triggers = NeuralCleanseTriggerCheck.WithMeasuredSizes(set.Triggers), AllToAll = NeuralCleanseTriggerCheck.WithMeasuredSize(set.AllToAll) };
    }

    private async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken) =>
        await ScanStorage.ReadTextAsync(storage.Work, path, cancellationToken)
            ?? throw new InvalidDataException($"The job blob {path} is missing although its job finished.");
}
