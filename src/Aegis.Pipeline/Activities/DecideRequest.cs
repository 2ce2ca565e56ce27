using Aegis.Core.Detection;

namespace Aegis.Pipeline.Activities;

/// <summary>DecideVerdict's input: the scan whose class results to read, its classes and parameters (the runs among them).</summary>
public sealed record DecideRequest(string ScanId, IReadOnlyList<int> Classes, ScanParameters Parameters);
