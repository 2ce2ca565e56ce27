using Aegis.Core.Detection;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Orchestration;

/// <summary>One class, translated, embedded and clustered.</summary>
public sealed record ClassResult(FeaturesRef Features, ClassAnalysis Analysis)
{
    public int Label => Features.Label;
}
