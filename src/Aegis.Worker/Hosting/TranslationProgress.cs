using System.Collections.Concurrent;

namespace Aegis.Worker.Hosting;

/// <summary>Classes this worker is translating right now and how far each has got.</summary>
public sealed class TranslationProgress
{
    private readonly ConcurrentDictionary<(string ScanId, int Label), Entry> _running = new();

    public sealed record Entry(string ScanId, int Label, DateTimeOffset StartedAt)
    {
        public double Fraction { get; set; }
    }

    public IProgress<double> Start(string scanId, int label)
    {
        var entry = new Entry(scanId, label, DateTimeOffset.UtcNow);
        _running[(scanId, label)] = entry;
        return new Progress<double>(f => entry.Fraction = f);
    }

    public void Finish(string scanId, int label) => _running.TryRemove((scanId, label), out _);

    public IReadOnlyList<Entry> Snapshot() => _running.Values.OrderBy(e => e.StartedAt).ToArray();
}
