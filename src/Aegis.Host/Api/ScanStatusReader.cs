using Aegis.Scanning.Durable;
using Aegis.Scanning.Orchestration;
using Aegis.Scanning.Storage;

namespace Aegis.Host.Api;

/// <summary>Builds a scan's status from its instance record and the names of its checkpoints.</summary>
public sealed class ScanStatusReader(ScanStorage storage, DurableRunner runner)
{
    public async Task<ScanStatusResponse?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var status = await runner.GetStatusAsync(id, cancellationToken);
        if (status is null)
            return null;
        var checkpoints = (await runner.ListCheckpointsAsync(id, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var classes = new List<ClassProgress>();
        var prepared = await ScanStorage.ReadJsonAsync<ActivityCheckpoint>(storage.Work,
            WorkPaths.Checkpoint(id, $"{ActivityNames.PrepareScan}-{ScanInput.Key}"), cancellationToken);
        if (prepared?.OutputJson is { } json)
        {
            foreach (int label in PipelineJson.Deserialize<PreparedScan>(json).Classes)
            {
                string key = $"c{label:D3}";
                string state = checkpoints.Contains($"{ActivityNames.EmbedAndCluster}-{key}") ? "analysed"
                    : checkpoints.Contains($"{ActivityNames.TranslateClass}-{key}") ? "translated"
                    : "pending";
                classes.Add(new ClassProgress(label, state));
            }
        }
        return new ScanStatusResponse
        {
            Id = id,
            RuntimeStatus = status.RuntimeStatus,
            Stage = status.CustomStatusJson is { } custom ? PipelineJson.Deserialize<ScanStage>(custom).Stage : null,
            Model = status.Source,
            Attempts = status.Attempts,
            CreatedAt = status.CreatedAt,
            LastUpdatedAt = status.LastUpdatedAt,
            Classes = classes,
            Summary = status.IsFinished && status.OutputJson is { } output ? PipelineJson.Deserialize<ScanSummary>(output) : null,
            Failure = status.FailureMessage,
        };
    }
}
