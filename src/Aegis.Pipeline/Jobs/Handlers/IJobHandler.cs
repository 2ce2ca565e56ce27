using Aegis.Scanner;

namespace Aegis.Pipeline.Jobs.Handlers;

/// <summary>
/// Runs one kind of job on this machine, with the model and dataset already in the local cache: the
/// model's work in its sandbox, the rest in this process; writes the job's blobs and returns its
/// outcome. A <see cref="Core.Verdicts.ScanFailureException"/> means the model or the job's input is
/// unusable (the job is rejected, final); anything else may work on another try.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<JobOutcome> RunAsync(ScanJob job, ScanTarget target, CancellationToken cancellationToken);
}
