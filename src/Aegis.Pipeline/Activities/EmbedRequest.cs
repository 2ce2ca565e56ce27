using Aegis.Core.Detection;
using Aegis.Pipeline.Telemetry;
using Aegis.Pipeline.Workers;

namespace Aegis.Pipeline.Activities;

/// <summary>EmbedAndCluster's input: a class's features blob and the scan's parameters.</summary>
public sealed record EmbedRequest(FeaturesRef Features, ScanParameters Parameters) : IHasClassLabel
{
    public int Label => Features.Label;
}
