using System.Collections.Concurrent;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Activities;
using Aegis.Pipeline.Jobs;
using Aegis.Pipeline.Orchestration;
using Aegis.Pipeline.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Aegis.Pipeline.Tests.Orchestration;

/// <summary>
/// Stand-ins for the scan's activities and workers, registered under the real activities' names,
/// whose results and faults a test scripts: they inject what real workers cannot be made to do on
/// demand (a completion note that is lost, a job no worker ever finishes, storage that stays down).
/// Enqueued jobs "run" at once: their outcome is raised as the scan's external event through the
/// engine's client, as the completion listener raises it; every call and every payload is recorded.
/// </summary>
internal sealed class ScriptedScan
{
    public static readonly BlobRef Model = new("models", "m.pt", "0x1");

    public ConcurrentQueue<(string Activity, string? Job)> Calls { get; } = new();
    public ConcurrentQueue<ScanSummary> Alerts { get; } = new();
    public ConcurrentQueue<VerdictRequest> Verdicts { get; } = new();
    public ConcurrentQueue<SuspectsRequest> Traces { get; } = new();
    /// <summary>The serialized size of every activity input and output and every event raised, by what it was.</summary>
    public ConcurrentQueue<(string What, int Bytes)> Payloads { get; } = new();
    /// <summary>The engine's client, for raising the jobs' events (set once the test host runs).</summary>
    public DurableTaskClient? Client { get; set; }

    public IReadOnlyList<int> Classes { get; init; } = [0, 1, 2];
    public ScanError? ResolveError { get; init; }
    public ScanError? InspectionError { get; init; }
    public IReadOnlySet<int> Suspicious { get; init; } = new HashSet<int> { 1 };
    /// <summary>Label → the error its class job is rejected with (final).</summary>
    public Dictionary<int, ScanError> Rejected { get; init; } = [];
    /// <summary>Classes whose job is poisoned (its workers kept dying).</summary>
    public IReadOnlySet<int> Poisoned { get; init; } = new HashSet<int>();
    /// <summary>Classes whose completion note never arrives: only the scan's own recheck finds their results.</summary>
    public IReadOnlySet<int> LostCompletions { get; init; } = new HashSet<int>();
    /// <summary>Classes no worker ever finishes.</summary>
    public IReadOnlySet<int> NeverDone { get; init; } = new HashSet<int>();
    /// <summary>How many times EnqueueJobs throws (storage down) before it works.</summary>
    public int EnqueueFailures { get; init; }
    public bool PromotionFails { get; init; }
    /// <summary><c>Aegis__TraceSuspects</c>: a backdoored verdict is followed by a trace job.</summary>
    public bool TraceSuspects { get; init; } = true;
    /// <summary>The error the trace job is rejected with (final).</summary>
    public ScanError? TraceError { get; init; }
    /// <summary>No worker ever finishes the trace job.</summary>
    public bool TraceNeverDone { get; init; }
    /// <summary>The pre-check finds the model not robust: Neural Cleanse is the detector.</summary>
    public bool NotRobust { get; init; }
    public ScanParameters Parameters { get; init; } = new();

    private readonly ConcurrentDictionary<string, JobOutcome> _done = new();

    public int CallsOf(string activity, string? job = null) => Calls.Count(c => c.Activity == activity && (job is null || c.Job == job));

    public static string ClassJob(int label, int run = 0) => ScanJob.NameOf(JobKinds.ScanClass, label, run);

    public void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<ScanOrchestrator>();
        Add<ScanRequest, PreparedScan>(registry, nameof(ResolveScanActivity), (context, request) => new PreparedScan
        {
            ScanId = context.InstanceId, Source = request.Model, Dataset = "fashion-mnist", Parameters = Parameters, Error = ResolveError, TraceSuspects = TraceSuspects,
        });
        Add<JobBatch, int>(registry, nameof(EnqueueJobsActivity), (context, batch) =>
        {
            if (CallsOf(nameof(EnqueueJobsActivity)) <= EnqueueFailures)
                throw new InvalidOperationException("job queue unreachable");
            int finished = 0;
            foreach (var job in batch.Jobs())
            {
                if (_done.ContainsKey(job.Name))
                {
                    finished++;
                    continue;
                }
                Calls.Enqueue(("job", job.Name));
                Run(context.InstanceId, job);
            }
            return finished;
        });
        Add<JobQuery, IReadOnlyList<JobOutcome>>(registry, nameof(ReadJobResultsActivity), (_, query) =>
        {
            var names = query.Batch.Names();
            return ClassRanges.Parse(query.Pending).Select(i => _done.GetValueOrDefault(names[i])).OfType<JobOutcome>().Take(query.Limit).ToArray();
        });
        Add<DecideRequest, int>(registry, nameof(DecideVerdictActivity), (_, request) => request.Classes.Count(Suspicious.Contains));
        Add<VerdictRequest, ScanSummary>(registry, nameof(WriteVerdictActivity), (_, request) =>
        {
            Verdicts.Enqueue(request);
            var scan = request.Scan;
            string verdict = (request.Error ?? scan.Error) is not null ? VerdictKinds.Error
                : scan.ChosenDetector() == Detectors.NeuralCleanse ? VerdictKinds.Clean
                : scan.Classes.Any(Suspicious.Contains) ? VerdictKinds.Backdoored : VerdictKinds.Clean;
            return Summary(scan.ScanId, verdict, verdict == VerdictKinds.Backdoored ? scan.Classes.Where(Suspicious.Contains).ToArray() : [], request.Error ?? scan.Error);
        });
        Add<PoisonRequest, ScanSummary>(registry, nameof(WritePoisonVerdictActivity), (context, request) =>
            Summary(context.InstanceId, VerdictKinds.Error, [], new ScanError(ErrorCodes.Poisoned, request.LastFailure)));
        Add<ScanSummary, AlertResult>(registry, nameof(PublishAlertActivity), (_, summary) =>
        {
            Alerts.Enqueue(summary);
            return new AlertResult([summary.Verdict]);
        });
        Add<SuspectsRequest, TracedSuspects>(registry, nameof(PublishSuspectsActivity), (_, request) =>
        {
            Traces.Enqueue(request);
            return new TracedSuspects
            {
                ScanId = request.Verdict.ScanId, ModelName = request.Verdict.ModelName,
                SuspectsBlob = $"verdicts/m/{request.Verdict.ScanId}/suspects.json", SuspectsUrl = $"http://storage/verdicts/m/{request.Verdict.ScanId}/suspects.json",
                Classes = request.Trace.Trace?.Classes ?? [], Samples = request.Trace.Trace?.Samples ?? 0, Suspected = request.Trace.Trace?.Suspected ?? 0,
                Error = request.Trace.Error,
            };
        });
        Add<PromoteRequest, PromotionResult>(registry, nameof(PromoteActivity), (_, request) =>
        {
            if (PromotionFails)
                throw new InvalidOperationException("quarantine container unreachable");
            return new PromotionResult(request.Summary.Verdict == VerdictKinds.Backdoored ? $"quarantine/{request.Source.Name}" : null);
        });
    }

    /// <summary>What a worker would do with the job, reported as the completion listener reports it.</summary>
    private void Run(string scanId, ScanJob job)
    {
        int? label = job.Label;
        if (label is int never && NeverDone.Contains(never) || job.Kind == JobKinds.Trace && TraceNeverDone)
            return;
        var outcome = job.Kind switch
        {
            JobKinds.Inspect when InspectionError is { } error => JobOutcome.Failed(job.Name, JobStatus.Rejected, error, "w1"),
            JobKinds.Inspect => new JobOutcome { Job = job.Name, Status = JobStatus.Succeeded, Worker = "w1", Inspection = Inspection() },
            JobKinds.Trace when TraceError is { } error => JobOutcome.Failed(job.Name, JobStatus.Rejected, error, "w1"),
            JobKinds.Trace => new JobOutcome { Job = job.Name, Status = JobStatus.Succeeded, Worker = "w1", Trace = new TraceCounts(600, 60, Suspicious.Order().ToArray()) },
            _ when label is int l && Rejected.TryGetValue(l, out var error) => JobOutcome.Failed(job.Name, JobStatus.Rejected, error, "w1"),
            _ when label is int l && Poisoned.Contains(l) => JobOutcome.Failed(job.Name, JobStatus.Poisoned, new ScanError(ErrorCodes.Poisoned, $"Class {l} was started 5 times."), "w2"),
            _ => new JobOutcome { Job = job.Name, Status = JobStatus.Succeeded, Worker = $"w{(label ?? 0) % 2 + 1}", Seconds = 1 },
        };
        _done[job.Name] = outcome;
        if (label is int lost && LostCompletions.Contains(lost))
            return;
        var client = Client ?? throw new InvalidOperationException("Set the client before starting scans.");
        Payloads.Enqueue(($"event {job.Name}", PipelineJson.Serialize(outcome).Length));
        _ = Task.Run(async () =>
        {
            await Task.Delay(20);
            await client.RaiseEventAsync(scanId, JobCompletion.EventNameOf(job.Name), outcome);
        });
    }

    private ModelInspection Inspection() => new(new ModelInfo("m", "", "torchscript") { Classes = Classes.Max() + 1, InputShape = "1x28x28" },
        new DatasetInfo("fashion-mnist", "datasets/fashion-mnist"),
        NotRobust ? new RobustnessReport { CleanAccuracy = 0.9, AdversarialAccuracy = 0.01, Robust = false, Samples = 60, Epsilon = 1, Steps = 5, Norm = "l2" } : null,
        Classes.Max() + 1, 1);

    private void Add<TInput, TOutput>(DurableTaskRegistry registry, string name, Func<TaskActivityContext, TInput, TOutput> run) =>
        registry.AddActivityFunc<TInput, TOutput>(name, (context, input) =>
        {
            Calls.Enqueue((name, null));
            Payloads.Enqueue(($"{name} input", PipelineJson.Serialize(input).Length));
            var output = run(context, input);
            Payloads.Enqueue(($"{name} output", PipelineJson.Serialize(output).Length));
            return output;
        });

    private static ScanSummary Summary(string scanId, string verdict, IReadOnlyList<int> suspicious, ScanError? error) => new()
    {
        ScanId = scanId, ModelName = Model.Name, Verdict = verdict, SuspiciousClasses = suspicious,
        VerdictBlob = $"verdicts/m/{scanId}.json", VerdictUrl = $"http://storage/verdicts/m/{scanId}.json", Error = error,
    };
}
