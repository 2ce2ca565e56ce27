namespace Aegis.Core.Datasets;

/// <summary>
/// The 8-bit grid every real image lies on: a pixel byte b becomes the float b · (1/255) when it is
/// read (<see cref="ImageDataset"/>). Scanner-made images are snapped to exactly these values
/// (Aegis.Torch's PixelGrid), so a model cannot tell them from images read from disk by their pixels.
/// </summary>
public static class PixelLevels
{
    /// <summary>The largest byte value; level k is k / <see cref="Max"/> of full brightness.</summary>
    public const int Max = 255;

    /// <summary>The float step of one level, as the loader multiplies by it.</summary>
    public const float Scale = 1f / Max;

    /// <summary>The float the loader makes of <paramref name="level"/> (0..255).</summary>
    public static float Value(int level) => level * Scale;

    /// <summary>The nearest level to <paramref name="pixel"/>, clamped to 0..255 (halves to even, as torch.round).</summary>
    public static int Nearest(float pixel) => (int)Math.Clamp(MathF.Round(pixel * Max), 0, Max);
}
