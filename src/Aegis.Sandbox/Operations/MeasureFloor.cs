namespace Aegis.Sandbox.Operations;

/// <summary>The translation's arithmetic floor on this machine (`aegis bench`): forward + input gradient only.</summary>
public sealed record MeasureFloorRequest(int BatchSize, int Passes);

public sealed record MeasureFloorResult(double SecondsPerImage);
