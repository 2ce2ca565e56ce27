namespace Aegis.Core.Detection;

/// <summary>
/// A small patch lifted from the images translated toward a class: the few image locations where
/// they differ most from the class's own clean images, and the value they hold there. If the class
/// is a backdoor target, translation grew the trigger, and this patch is (part of) it.
/// </summary>
public sealed record TriggerCandidate
{
    /// <summary>Which translated images it comes from: "all" or "cluster-K".</summary>
    public required string Source { get; init; }
    /// <summary>How many translated images the patch was lifted from.</summary>
    public required int Images { get; init; }
    /// <summary>Spatial locations (y·W + x) of the patch; every channel of a location is stamped.</summary>
    public required int[] Locations { get; init; }
    /// <summary>The stamped values, channel-major: Pattern[c·Locations.Length + i] goes to channel c of Locations[i].</summary>
    public required float[] Pattern { get; init; }

    /// <summary>Writes the patch into <paramref name="image"/> (CHW floats of <paramref name="shape"/>).</summary>
    public void StampInto(Span<float> image, ImageShape shape)
    {
        int plane = shape.Height * shape.Width;
        for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < Locations.Length; i++)
                image[c * plane + Locations[i]] = Pattern[c * Locations.Length + i];
    }
}
