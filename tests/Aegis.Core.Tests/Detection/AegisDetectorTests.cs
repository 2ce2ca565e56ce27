using Aegis.Core.Detection;
using Aegis.Core.Tests.Support;

namespace Aegis.Core.Tests.Detection;

/// <summary>
/// The detector asks for the next label's features (steps 1–2, the model's work) before it
/// analyses the current one, so the two overlap; the analyses must be those of one label at a
/// time, and a failure must not leave the next label's work running.
/// </summary>
public class AegisDetectorTests
{
    private static readonly ScanParameters Parameters = new();

    [Fact]
    public async Task Asks_for_the_next_label_before_analysing_this_one_and_analyses_as_one_at_a_time()
    {
        var events = new List<string>();
        var source = new RecordingSource(events, (label, _) => Task.FromResult(Features(label)));
        var detector = new AegisDetector(Parameters)
        {
            ClassAnalysed = (features, _, _) =>
            {
                lock (events)
                    events.Add($"analysed {features.Label}");
                return Task.CompletedTask;
            },
        };

        var result = await detector.DetectAsync(source, [0, 1, 2]);

        Assert.Equal(["features 0", "features 1", "analysed 0", "features 2", "analysed 1", "analysed 2"], events);
        Assert.Equal([0, 1, 2], result.Classes.Select(c => c.Label));
        foreach (var analysis in result.Classes)
        {
            var alone = ClassAnalyzer.Analyze(Features(analysis.Label), Parameters);
            Assert.Equal(alone.Embedding, analysis.Embedding);
            Assert.Equal(alone.ClusterCount, analysis.ClusterCount);
            Assert.Equal(alone.ClusterLabels, analysis.ClusterLabels);
        }
    }

    [Fact]
    public async Task A_failing_label_cancels_the_next_labels_work_before_returning()
    {
        var events = new List<string>();
        var nextCancelled = new TaskCompletionSource();
        var source = new RecordingSource(events, (label, token) => label == 0 ? Task.FromResult(Features(label)) : Never(nextCancelled, token));
        var detector = new AegisDetector(Parameters)
        {
            ClassAnalysed = (_, _, _) => throw new InvalidOperationException("evidence failed"),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => detector.DetectAsync(source, [0, 1, 2]));

        Assert.Equal("evidence failed", error.Message);
        Assert.True(nextCancelled.Task.IsCompleted, "the next label's request was still running when DetectAsync returned");
        Assert.Equal(["features 0", "features 1"], events);
    }

    /// <summary>A request that only ends, cancelled, when its token is.</summary>
    private static async Task<ClassFeatures> Never(TaskCompletionSource cancelled, CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        finally
        {
            cancelled.TrySetResult();
        }
        throw new InvalidOperationException("unreachable");
    }

    private static ClassFeatures Features(int label)
    {
        var (translated, _) = Blobs.Make(centers: 2, perBlob: 40, dimensions: 8, spread: 1.0, seed: 10 + label);
        var (clean, _) = Blobs.Make(centers: 1, perBlob: 60, dimensions: 8, spread: 1.0, seed: 20 + label);
        var shape = new ImageShape(1, 2, 2);
        return new ClassFeatures
        {
            Label = label,
            Translated = translated,
            Clean = clean,
            Shape = shape,
            TranslatedImages = new float[translated.Rows * shape.Size],
            CleanImages = new float[clean.Rows * shape.Size],
            SeedLabels = new int[translated.Rows],
            TranslationSuccess = 1,
        };
    }

    /// <summary>Records when each label's features are asked for; hands out what <paramref name="produce"/> gives.</summary>
    private sealed class RecordingSource(List<string> events, Func<int, CancellationToken, Task<ClassFeatures>> produce) : IClassFeatureSource
    {
        public Task<ClassFeatures> GetClassFeaturesAsync(int label, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
        {
            lock (events)
                events.Add($"features {label}");
            return produce(label, cancellationToken);
        }
    }
}
