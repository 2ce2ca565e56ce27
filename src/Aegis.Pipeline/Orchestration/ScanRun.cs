using Aegis.Pipeline.Activities;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Orchestration;

/// <summary>
/// What the current run of a scan has finished, on top of what earlier runs carried over. It
/// publishes the run's progress as the orchestration's custom status and hands the next run its
/// carry-over. Built from the input and activity results only, so every replay rebuilds it alike.
/// </summary>
internal sealed class ScanRun
{
    private readonly TaskOrchestrationContext _context;
    private readonly Dictionary<int, ClassResult> _finished;
    private readonly SortedDictionary<int, string> _states = [];
    private string _stage = "preparing";

    public ScanRun(TaskOrchestrationContext context, ScanRequest request)
    {
        _context = context;
        Request = request;
        _finished = request.Earlier.Classes.ToDictionary(c => c.Label);
        Prepared = request.Earlier.Prepared;
        Cleansed = request.Earlier.Cleansed;
        Verdict = request.Earlier.Verdict;
        Alerted = request.Earlier.Alerted;
        Retry = request.Runs.ActivityOptions();
    }

    /// <summary>The retry policy of every activity call in this run.</summary>
    public TaskOptions Retry { get; }

    public ScanRequest Request { get; }
    public int Number => Request.Earlier.Count + 1;
    public PreparedScan? Prepared { get; set; }
    public CleanseResult? Cleansed { get; set; }
    public ScanSummary? Verdict { get; set; }
    public bool Alerted { get; set; }

    public ClassResult? Finished(int label) => _finished.GetValueOrDefault(label);

    public void Stage(string stage)
    {
        _stage = stage;
        Publish();
    }

    public void Scanning(IEnumerable<int> labels)
    {
        foreach (int label in labels)
            _states[label] = _finished.ContainsKey(label) ? ClassProgress.Analysed : ClassProgress.Pending;
        Stage("scanning");
    }

    public void Translated(int label)
    {
        _states[label] = ClassProgress.Translated;
        Publish();
    }

    public ClassResult Finish(ClassResult result)
    {
        _finished[result.Label] = result;
        _states[result.Label] = ClassProgress.Analysed;
        Publish();
        return result;
    }

    public EarlierRuns CarryOver(string failure) => new()
    {
        Count = Number,
        LastFailure = failure,
        Prepared = Prepared,
        Cleansed = Cleansed,
        Classes = _finished.Values.OrderBy(c => c.Label).ToArray(),
        Verdict = Verdict,
        Alerted = Alerted,
    };

    private void Publish() => _context.SetCustomStatus(new RunProgress
    {
        Stage = _stage,
        Run = Number,
        Classes = _states.Select(s => new ClassProgress(s.Key, s.Value)).ToArray(),
        LastFailure = Request.Earlier.LastFailure,
    });
}
