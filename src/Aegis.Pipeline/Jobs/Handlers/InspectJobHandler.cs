using System.Diagnostics;
using Aegis.Pipeline.Configuration;
using Aegis.Sandbox;
using Aegis.Scanner;

namespace Aegis.Pipeline.Jobs.Handlers;

/// <summary>PrepareScan's model part: the scan assembly's <see cref="ModelScan.PrepareAsync"/> (static check, model contract, dataset, input-gate probe, robustness pre-check, honest features) in a fresh sandbox.</summary>
public sealed class InspectJobHandler(SandboxOptions sandbox, AegisSettings settings) : IJobHandler
{
    public string Kind => JobKinds.Inspect;

    public async Task<JobOutcome> RunAsync(ScanJob job, ScanTarget target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var scan = await ModelScan.OpenAsync(target, sandbox, cancellationToken);
        var prepared = await scan.PrepareAsync(job.Parameters, cancellationToken: cancellationToken);
        var inspection = new ModelInspection(prepared.Model, prepared.Dataset with { Name = job.Dataset }, prepared.Robustness, prepared.ClassCount, prepared.RobustnessSeconds)
        {
            InputGate = prepared.InputGate,
            InputGateSeconds = prepared.InputGateSeconds,
        };
        return new JobOutcome { Job = job.Name, Status = JobStatus.Succeeded, Worker = settings.WorkerId, Seconds = clock.Elapsed.TotalSeconds, Inspection = inspection };
    }
}
