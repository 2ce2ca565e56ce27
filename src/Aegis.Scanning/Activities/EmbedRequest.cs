using Aegis.Core.Detection;
using Aegis.Scanning.Telemetry;
using Aegis.Scanning.Workers;

namespace Aegis.Scanning.Activities;

/// <summary>EmbedAndCluster's input: a class's features blob and the scan's parameters.</summary>
public sealed record EmbedRequest(FeaturesRef Features, ScanParameters Parameters) : IHasClassLabel
{
    public int Label => Features.Label;
}
