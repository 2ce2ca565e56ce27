using Aegis.Core.Detection;

namespace Aegis.Sandbox.Operations;

/// <summary>Load the model at <see cref="Path"/> (as the sandbox sees it) on a device and check it against the model contract.</summary>
/// <param name="Device">"auto", "cpu" or "cuda".</param>
public sealed record OpenModelRequest(string Path, string Name, string Device);

/// <summary>What the model turned out to be. Every number here was computed by the model; the parent checks ranges and never prints them in a message.</summary>
/// <param name="WeightsFile">For a lab model, the weights file's name inside its folder (for the fingerprint).</param>
public sealed record ModelDescription(string Name, string Format, ImageShape InputShape, int ClassCount, int FeatureDimension, string Device, string? WeightsFile);
