using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Pipeline.Activities;

/// <summary>EmbedAndCluster's result: the class's analysis, or the deterministic failure (numerical-failure) that a retry would only repeat.</summary>
public sealed record ClassEmbedding(ClassAnalysis? Analysis, ScanError? Error = null);
