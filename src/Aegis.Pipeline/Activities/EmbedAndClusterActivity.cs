using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Storage;
using Aegis.Pipeline.Telemetry;
using Microsoft.DurableTask;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// EmbedAndCluster(c): steps 3–4 of AEGIS — read the class's features blob, t-SNE it to 2-D, cluster
/// with mean shift. The analysis is a function of the features and the parameters alone, so when it
/// fails (t-SNE diverges, features it cannot embed) it fails the same way every time: that is a
/// numerical-failure result, not an exception to retry. A features blob that cannot be read throws
/// and is retried; a later run translates the class again.
/// </summary>
public sealed class EmbedAndClusterActivity(ScanStorage storage, IClassAnalyzer analyzer) : ScanActivity<EmbedRequest, ClassEmbedding>
{
    protected override async Task<ClassEmbedding> ExecuteAsync(TaskActivityContext context, EmbedRequest input, CancellationToken cancellationToken)
    {
        var features = await FeaturesStore.ReadAsync(storage, input.Features, cancellationToken);
        ClassAnalysis analysis;
        try
        {
            analysis = await Task.Run(() => analyzer.Analyze(features, input.Parameters, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException or ScanFailureException)
        {
            var error = ScanErrors.Describe(e);
            return new ClassEmbedding(null, error.Code == ErrorCodes.Internal
                ? new ScanError(ErrorCodes.NumericalFailure, $"Class {input.Label} could not be embedded and clustered: {e.Message}")
                : error with { Message = $"Class {input.Label}: {error.Message}" });
        }
        ScanTelemetry.RecordClassDone();
        return new ClassEmbedding(analysis);
    }
}
