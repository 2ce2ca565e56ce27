using Aegis.Core.Detection;

namespace Aegis.Pipeline.Activities;

/// <summary>DecideVerdict's input: every scanned class's analysis.</summary>
public sealed record DecideRequest(IReadOnlyList<ClassAnalysis> Analyses, ScanParameters Parameters);
