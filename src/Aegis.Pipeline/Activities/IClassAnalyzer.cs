using Aegis.Core.Detection;

namespace Aegis.Pipeline.Activities;

/// <summary>Steps 3–4 of AEGIS for one class (t-SNE + mean shift); Core's analyzer in production.</summary>
public interface IClassAnalyzer
{
    ClassAnalysis Analyze(ClassFeatures features, ScanParameters parameters, CancellationToken cancellationToken);
}
