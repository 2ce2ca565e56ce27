using Aegis.Pipeline.Engine;
using Microsoft.Extensions.Logging;

namespace Aegis.Pipeline.Jobs;

/// <summary>
/// Turns a worker's completion note into the scan orchestration's external event: the job's outcome is
/// read from its own blob (<see cref="JobResults"/>), never taken from the note, and raised on the scan's
/// instance. Any host listening on the completion queue may deliver any scan's event; a note that names
/// no finished job is dropped (the scan's timer finds the result itself if it appears later).
/// </summary>
public sealed class JobCompletions(JobResults results, IScanInstances instances, ILogger<JobCompletions> logger)
{
    /// <returns>False when the message named no job or its result was not there.</returns>
    public async Task<bool> DeliverAsync(string message, CancellationToken cancellationToken)
    {
        if (JobCompletion.FromMessage(message) is not { } completion)
        {
            logger.LogWarning("Dropped a completion message that names no job");
            return false;
        }
        JobOutcome? outcome;
        try
        {
            outcome = await results.ReadOutcomeAsync(completion.ScanId, completion.Job, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("Dropped the completion of {Job} of scan {ScanId}: {Message}", completion.Job, completion.ScanId, e.Message);
            return false;
        }
        if (outcome is null)
            return false;
        await instances.RaiseEventAsync(completion.ScanId, completion.EventName, outcome, cancellationToken);
        return true;
    }
}
