using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Workers;

/// <summary>Model runs on this machine, as a worker serves them and the embedded host (without workers) runs them: model and dataset from the local cache, then the scan assembly.</summary>
public sealed class LocalModelRuns(BlobCache cache, ILocalModelRunner runner) : IModelRuns
{
    public async Task<IReadOnlyList<TriggerProbeCounts>> ProbeTriggerAsync(ProbeJob job, string? preferredWorker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (model, dataset) = await FetchAsync(job, cancellationToken);
        return await runner.ProbeTriggerAsync(model, dataset, job, cancellationToken);
    }

    public async Task<ReversedTriggerSet> ReverseTriggersAsync(CleanseJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (model, dataset) = await FetchAsync(job, cancellationToken);
        return await runner.ReverseTriggersAsync(model, dataset, job, cancellationToken);
    }

    private async Task<(string Model, string Dataset)> FetchAsync(ModelRunJob job, CancellationToken cancellationToken) =>
        (await cache.GetModelAsync(job.Model, cancellationToken), await cache.GetDatasetAsync(job.Dataset, cancellationToken));
}
