using Aegis.Core.Detection;

namespace Aegis.Sandbox.Operations;

/// <summary>MM-BD's maximum-margin search for the listed classes (in that order), from seeded random images; no data is read.</summary>
public sealed record MaximizeMarginsRequest(IReadOnlyList<int> Classes, MmBdParameters Parameters, int Seed, int BatchSize);

/// <param name="Classes">Each requested class's statistic and steps, in the request's order.</param>
public sealed record MaximizedMargins(IReadOnlyList<MmBdClass> Classes);
