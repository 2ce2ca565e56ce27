using Aegis.Core.Tracing;

namespace Aegis.Reporting.Tracing;

/// <summary>A suspect and its pixels (C·H·W floats in [0, 1]), for the page.</summary>
public sealed record SuspectImage(Suspect Suspect, float[] Pixels);
