using System.Text.Json;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// A worker's note on the completion queue that a job's result is written. It names the result, it
/// does not carry it: the host reads <c>result.json</c> itself (<see cref="JobResults"/>) and raises the
/// orchestration's event with what it read.
/// </summary>
public sealed record JobCompletion(string ScanId, string Job)
{
    public string ToMessage() => PipelineJson.Serialize(this);

    /// <summary>The completion in a queue message, or null when it names no job.</summary>
    public static JobCompletion? FromMessage(string text)
    {
        if (text.Length > 1024)
            return null;
        try
        {
            var completion = JsonSerializer.Deserialize<JobCompletion>(text, PipelineJson.Options);
            return completion is { ScanId: { } scan, Job: { } job } && ScanJob.IsJobName(scan, job) ? completion : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The orchestration's external event for this job.</summary>
    public string EventName => EventNameOf(Job);

    public static string EventNameOf(string job) => "job:" + job;
}
