using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// Jobs of one kind for one scan, described once (the parameters are not repeated per class), so an
/// orchestration that fans a thousand classes out passes a few kilobytes, not a thousand messages.
/// </summary>
public sealed record JobBatch(string ScanId, string Kind, BlobRef Model, string Dataset, ScanParameters Parameters)
{
    /// <summary>The classes of a scan-class batch (one job per class and run) or of a reverse-triggers job.</summary>
    public IReadOnlyList<int> Classes { get; init; } = [];

    public IEnumerable<ScanJob> Jobs() => Kind switch
    {
        JobKinds.Inspect => [ScanJob.Inspect(ScanId, Model, Dataset, Parameters)],
        JobKinds.ReverseTriggers => [ScanJob.ReverseTriggers(ScanId, Model, Dataset, Parameters, Classes)],
        JobKinds.Trace => [ScanJob.Trace(ScanId, Model, Dataset, Parameters)],
        JobKinds.ScanClass => Classes.SelectMany(label => Enumerable.Range(0, Parameters.Runs)
            .Select(run => ScanJob.ScanClass(ScanId, Model, Dataset, Parameters, label, run))),
        _ => throw new InvalidOperationException($"No job kind '{Kind}'."),
    };

    /// <summary>Every job's name, in the order of <see cref="Jobs"/>.</summary>
    public IReadOnlyList<string> Names() => Kind == JobKinds.ScanClass
        ? Classes.SelectMany(label => Enumerable.Range(0, Parameters.Runs).Select(run => ScanJob.NameOf(Kind, label, run))).ToArray()
        : [ScanJob.NameOf(Kind)];
}

/// <summary>
/// Which jobs of a batch to look up — their positions in <see cref="JobBatch.Names"/>, written as ranges
/// ("0-999") so a thousand pending jobs cost a few bytes — and at most how many outcomes to return, so
/// no answer is large.
/// </summary>
public sealed record JobQuery(JobBatch Batch, string Pending, int Limit);
