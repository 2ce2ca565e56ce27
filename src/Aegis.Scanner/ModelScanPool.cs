using Aegis.Sandbox;
using Aegis.Core.Datasets;
using Aegis.Core.Detection;
using Aegis.Core.Tracing;
using Aegis.Scanner.Tracing;

namespace Aegis.Scanner;

/// <summary>
/// The sandboxes of the last few models a worker scanned, kept open between jobs: a worker often
/// gets several classes of one scan in a row, and a fresh sandbox would load the model again and
/// extract every class's clean features again. One class at a time per model; a sandbox that
/// failed, or sat idle for <see cref="IdleTimeout"/>, is closed.
/// </summary>
public sealed class ModelScanPool(SandboxOptions options, int capacity = 2) : IAsyncDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = [];

    private sealed class Entry(string key)
    {
        public string Key { get; } = key;
        public SemaphoreSlim Turn { get; } = new(1, 1);
        public ModelScan? Scan { get; set; }
        public DateTime LastUsed { get; set; } = DateTime.UtcNow;
        public int Users { get; set; }
    }

    /// <summary>
    /// Algorithm 1 for one class (<see cref="ClassScan"/>): features and the trigger check's model runs in
    /// the model's sandbox, t-SNE and mean shift in this process; the sandbox stays open for the next class.
    /// </summary>
    public Task<ClassScanResult> ScanClassAsync(ScanTarget target, ScanParameters parameters, int label, IProgress<ScanProgress>? progress,
        CancellationToken cancellationToken) =>
        UseAsync(target, parameters, scan => new ClassScan(parameters).RunAsync(label, new SandboxFeatureSource(scan, parameters),
            new SandboxTriggerProbe(scan, parameters), progress, cancellationToken), cancellationToken);

    /// <summary>Neural Cleanse's trigger reversal for the listed classes (and its all-to-all row); the image shape comes with it, for whoever draws the triggers.</summary>
    public Task<(IReadOnlyList<NeuralCleanseTrigger> Triggers, NeuralCleanseReference? Reference, ImageShape Shape, AllToAllReversal? AllToAll)> ReverseTriggersAsync(ScanTarget target,
        ScanParameters parameters, IReadOnlyList<int> classes, IProgress<double>? progress, CancellationToken cancellationToken) =>
        UseAsync(target, parameters, async scan =>
        {
            var (triggers, reference, allToAll) = await scan.ReverseTriggersAsync(classes, parameters, progress, cancellationToken);
            return (triggers, reference, scan.InputShape, allToAll);
        }, cancellationToken);

    /// <summary>The trace of a flagged model's training samples (<see cref="SampleTrace"/>) in the model's sandbox; <paramref name="training"/> is the target's training data.</summary>
    public Task<TraceReport> TraceAsync(ScanTarget target, ImageDataset training, SampleTraceRequest request, CancellationToken cancellationToken) =>
        UseAsync(target, request.Parameters, scan => SampleTrace.RunAsync(scan, training, request, status: null, cancellationToken), cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the model's sandbox (opened, with the dataset loaded, when there is none), one call at a time per model.</summary>
    private async Task<T> UseAsync<T>(ScanTarget target, ScanParameters parameters, Func<ModelScan, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        parameters.EnsureValid();
        var (entry, stale) = Acquire(Key(target));
        foreach (var scan in stale)
            await scan.DisposeAsync();
        try
        {
            await entry.Turn.WaitAsync(cancellationToken);
            try
            {
                if (entry.Scan is null)
                {
                    var scan = await ModelScan.OpenAsync(target, options, cancellationToken);
                    entry.Scan = scan;
                    await scan.LoadDatasetAsync(cancellationToken);
                }
                return await work(entry.Scan);
            }
            catch
            {
                // A failed or cancelled sandbox is not reused: the next class starts a fresh one.
                if (entry.Scan is { } broken)
                {
                    entry.Scan = null;
                    await broken.DisposeAsync();
                }
                throw;
            }
            finally
            {
                entry.Turn.Release();
            }
        }
        finally
        {
            lock (_gate)
            {
                entry.Users--;
                entry.LastUsed = DateTime.UtcNow;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ModelScan> scans;
        lock (_gate)
        {
            scans = _entries.Values.Select(e => e.Scan).OfType<ModelScan>().ToList();
            _entries.Clear();
        }
        foreach (var scan in scans)
            await scan.DisposeAsync();
    }

    /// <summary>The entry for a model, plus the sandboxes to close: idle too long, or beyond the capacity (least recently used first).</summary>
    private (Entry Entry, List<ModelScan> Stale) Acquire(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
                _entries[key] = entry = new Entry(key);
            entry.Users++;
            var idle = _entries.Values.Where(e => e.Users == 0 && e != entry).OrderBy(e => e.LastUsed).ToList();
            var evict = idle.Where(e => DateTime.UtcNow - e.LastUsed > IdleTimeout).ToList();
            int excess = _entries.Count - evict.Count - capacity;
            evict.AddRange(idle.Except(evict).Take(Math.Max(0, excess)));
            foreach (var old in evict)
                _entries.Remove(old.Key);
            return (entry, evict.Select(e => e.Scan).OfType<ModelScan>().ToList());
        }
    }

    /// <summary>The same file content and dataset: a model re-uploaded under the same path gets a new sandbox.</summary>
    private static string Key(ScanTarget target)
    {
        var file = new FileInfo(target.ModelPath);
        string stamp = file.Exists ? $"{file.Length}:{file.LastWriteTimeUtc.Ticks}" : "dir";
        return $"{Path.GetFullPath(target.ModelPath)}|{stamp}|{Path.GetFullPath(target.DatasetDirectory)}";
    }
}
