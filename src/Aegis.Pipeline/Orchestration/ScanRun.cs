using Aegis.Pipeline.Jobs;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// What the current run of a scan has finished, on top of what earlier runs carried over; it runs the
/// scan's jobs on the workers and publishes the run's progress as the orchestration's custom status.
/// Built from the input, activity results, events and timers only, so every replay rebuilds it alike.
/// </summary>
internal sealed class ScanRun
{
    private readonly TaskOrchestrationContext _context;
    private readonly Dictionary<int, char> _states = [];
    private IReadOnlyList<int> _classes = [];
    private string _stage = "preparing";

    public ScanRun(TaskOrchestrationContext context, ScanRequest request)
    {
        _context = context;
        Request = request;
        Prepared = request.Earlier.Prepared;
        Verdict = request.Earlier.Verdict;
        Alerted = request.Earlier.Alerted;
        Traced = request.Earlier.Traced;
        Retry = request.Runs.ActivityOptions();
    }

    /// <summary>The retry policy of every activity call in this run.</summary>
    public TaskOptions Retry { get; }

    public ScanRequest Request { get; }
    public int Number => Request.Earlier.Count + 1;
    public PreparedScan? Prepared { get; set; }
    public ScanSummary? Verdict { get; set; }
    public bool Alerted { get; set; }
    public bool Traced { get; set; }

    public void Stage(string stage)
    {
        _stage = stage;
        Publish();
    }

    public void Scanning(IReadOnlyList<int> classes)
    {
        _classes = classes;
        foreach (int label in classes)
            _states[label] = ClassProgress.Letter(ClassProgress.Pending);
        Stage("scanning");
    }

    /// <summary>Outcomes a look at the results returns at most (a few KB each time, whatever the class count).</summary>
    private const int ResultsPerLook = 32;

    /// <summary>
    /// Runs a batch of jobs on the workers and returns every job's outcome. The jobs are enqueued (those an
    /// earlier run finished are not run again); then the run waits durably — no activity waits on a worker:
    /// each job's completion arrives as an external event, and a timer makes the run look for results
    /// itself every <see cref="RunPolicy.JobRecheck"/>, in case a completion note was lost. Jobs not done by
    /// <see cref="RunPolicy.JobDeadline"/> end the run (<see cref="JobsExpiredException"/>): the scan runs again later.
    /// </summary>
    public async Task<IReadOnlyList<JobOutcome>> RunJobsAsync(JobBatch batch)
    {
        var done = new Dictionary<string, JobOutcome>();
        var pending = batch.Names().ToList();
        var completions = pending.ToDictionary(name => name, name => _context.WaitForExternalEvent<JobOutcome>(JobCompletion.EventNameOf(name)));
        int finishedEarlier = await _context.EnqueueJobsAsync(batch, Retry);
        MarkQueued(pending);
        if (finishedEarlier > 0)
            await LookAsync(batch, pending, done);
        var deadline = _context.CurrentUtcDateTime + Request.Runs.JobDeadline;
        while (pending.Count > 0)
        {
            using var recheck = new CancellationTokenSource();
            var timer = _context.CreateTimer(Min(_context.CurrentUtcDateTime + Request.Runs.JobRecheck, deadline), recheck.Token);
            var first = await Task.WhenAny(pending.Select(name => completions[name]).Append(timer));
            if (first != timer)
            {
                recheck.Cancel();
                foreach (var name in pending.Where(name => completions[name].IsCompleted).ToList())
                    Record(done, completions[name].Result);
                pending.RemoveAll(done.ContainsKey);
                continue;
            }
            await LookAsync(batch, pending, done);
            if (pending.Count > 0 && _context.CurrentUtcDateTime >= deadline)
                throw new JobsExpiredException($"{pending.Count} of the scan's {batch.Kind} jobs were not done within {Request.Runs.JobDeadline}: no worker took them, or they did not finish.");
        }
        return done.Values.ToArray();
    }

    /// <summary>Reads the written outcomes of the pending jobs, a page at a time, and takes them off <paramref name="pending"/>.</summary>
    private async Task LookAsync(JobBatch batch, List<string> pending, Dictionary<string, JobOutcome> done)
    {
        var positions = batch.Names().Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index);
        while (pending.Count > 0)
        {
            var query = new JobQuery(batch, ClassRanges.Format(pending.Select(name => positions[name]).Order().ToArray()), ResultsPerLook);
            var found = await _context.ReadJobResultsAsync(query, Retry);
            foreach (var outcome in found)
                Record(done, outcome);
            pending.RemoveAll(done.ContainsKey);
            if (found.Count < ResultsPerLook)
                return;
        }
    }

    public EarlierRuns CarryOver(string failure) => new()
    {
        Count = Number,
        LastFailure = failure,
        Prepared = Prepared,
        Verdict = Verdict,
        Alerted = Alerted,
        Traced = Traced,
    };

    private void Record(Dictionary<string, JobOutcome> done, JobOutcome outcome)
    {
        if (!done.TryAdd(outcome.Job, outcome))
            return;
        if (ClassOf(outcome.Job) is int label && _states.ContainsKey(label))
        {
            _states[label] = ClassProgress.Letter(outcome.Succeeded ? ClassProgress.Scanned : ClassProgress.Failed);
            Publish();
        }
    }

    private void MarkQueued(IEnumerable<string> jobs)
    {
        foreach (var job in jobs)
        {
            if (ClassOf(job) is int label && _states.ContainsKey(label))
                _states[label] = ClassProgress.Letter(ClassProgress.Queued);
        }
        Publish();
    }

    /// <summary>The class of a scan-class job's name (class-L-run-R).</summary>
    private static int? ClassOf(string job) => job.Split('-') is ["class", var label, "run", _] && int.TryParse(label, out int l) ? l : null;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private void Publish() => _context.SetCustomStatus(new RunProgress
    {
        Stage = _stage,
        Run = Number,
        Model = Request.Model,
        ClassList = ClassRanges.Format(_classes),
        ClassStates = new string(_classes.Select(label => _states[label]).ToArray()),
        LastFailure = Request.Earlier.LastFailure,
    });
}

/// <summary>A scan's jobs were not done by the deadline: a transient failure of the run, not of the model.</summary>
public sealed class JobsExpiredException(string message) : Exception(message);
