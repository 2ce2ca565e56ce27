using Aegis.Core.Detection;

namespace Aegis.Pipeline.Activities;

/// <summary>The production analyzer: Aegis.Core's t-SNE + mean shift.</summary>
public sealed class CoreClassAnalyzer : IClassAnalyzer
{
    public ClassAnalysis Analyze(ClassFeatures features, ScanParameters parameters, CancellationToken cancellationToken) =>
        ClassAnalyzer.Analyze(features, parameters, cancellationToken);
}
