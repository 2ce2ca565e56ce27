using Aegis.Core.Detection;
using Aegis.Core.Verdicts;

namespace Aegis.Core.Tracing;

/// <summary>
/// One flagged class's trigger as the scanner found it, in the one form the trace needs: a mask over
/// pixel locations (shared by every channel) and the pattern it stamps, <c>(1 − mask)·x + mask·pattern</c>.
/// AEGIS's lifted patch is a hard mask (1 at its locations); Neural Cleanse's reversed trigger is its
/// own soft mask and pattern. Covering a sample replaces the masked region with <c>fill</c> (the
/// training set's mean image there), which removes a trigger the sample carries.
/// </summary>
public sealed record TraceTrigger
{
    public const string PatchSource = "aegis-patch";
    public const string NeuralCleanseSource = "neural-cleanse";

    public required int Label { get; init; }
    public required string Source { get; init; }
    public required ImageShape Shape { get; init; }
    /// <summary>H·W weights in [0, 1].</summary>
    public required float[] Mask { get; init; }
    /// <summary>C·H·W values in [0, 1].</summary>
    public required float[] Pattern { get; init; }

    public static TraceTrigger FromPatch(int label, TriggerReport patch, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(patch);
        int plane = shape.Height * shape.Width;
        if (patch.Locations.Count == 0 || patch.Locations.Any(l => l < 0 || l >= plane) || patch.Pattern.Count != patch.Locations.Count * shape.Channels
            || patch.Pattern.Any(v => !(v is >= 0 and <= 1)))
            throw new ScanFailureException(ErrorCodes.InvalidParameters, $"The verdict's trigger patch of class {label} does not fit {shape} images.");
        var mask = new float[plane];
        var pattern = new float[shape.Size];
        for (int i = 0; i < patch.Locations.Count; i++)
        {
            mask[patch.Locations[i]] = 1;
            for (int c = 0; c < shape.Channels; c++)
                pattern[c * plane + patch.Locations[i]] = patch.Pattern[c * patch.Locations.Count + i];
        }
        return new TraceTrigger { Label = label, Source = PatchSource, Shape = shape, Mask = mask, Pattern = pattern };
    }

    public static TraceTrigger FromNeuralCleanse(NeuralCleanseTrigger trigger, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return new TraceTrigger { Label = trigger.Label, Source = NeuralCleanseSource, Shape = shape, Mask = trigger.Mask, Pattern = trigger.Pattern }.Checked();
    }

    /// <summary>This trigger, or an error when its arrays do not fit its shape or leave [0, 1].</summary>
    public TraceTrigger Checked()
    {
        int plane = Shape.Height * Shape.Width;
        if (Mask.Length != plane || Pattern.Length != Shape.Size || Mask.Any(v => !(v is >= 0 and <= 1)) || Pattern.Any(v => !(v is >= 0 and <= 1)) || !(Mask.Sum() > 0))
            throw new ArgumentException($"The trigger of class {Label} does not fit {Shape} images (a mask of H·W and a pattern of C·H·W values in [0, 1], the mask not all zero).");
        return this;
    }

    /// <summary>
    /// The locations the page marks: where the mask holds at least half its peak (a soft Neural
    /// Cleanse mask fades out; its core is what a person would call the trigger).
    /// </summary>
    public int[] Region()
    {
        // Kept for the mask it was computed from: covering asks for it once per image.
        if (_region is { } cached && ReferenceEquals(cached.Mask, Mask))
            return cached.Locations;
        float peak = Mask.Max();
        var locations = Enumerable.Range(0, Mask.Length).Where(p => Mask[p] >= peak / 2).ToArray();
        _region = (Mask, locations);
        return locations;
    }

    private (float[] Mask, int[] Locations)? _region;

    /// <summary>
    /// How much of the trigger is already in <paramref name="image"/>: one minus the mask-weighted mean
    /// absolute difference between the image and the pattern (1 = the pattern is there exactly).
    /// </summary>
    public double Presence(ReadOnlySpan<float> image)
    {
        int plane = Shape.Height * Shape.Width;
        double difference = 0, weight = 0;
        for (int p = 0; p < plane; p++)
        {
            if (Mask[p] == 0)
                continue;
            double pixel = 0;
            for (int c = 0; c < Shape.Channels; c++)
                pixel += Math.Abs(image[c * plane + p] - Pattern[c * plane + p]);
            difference += Mask[p] * pixel / Shape.Channels;
            weight += Mask[p];
        }
        return 1 - difference / weight;
    }

    /// <summary>
    /// Writes <paramref name="image"/> with the trigger's region (<see cref="Region"/>) replaced by <paramref name="fill"/>
    /// into <paramref name="into"/>. The whole region, not the mask's blend: a soft mask half over a trigger leaves
    /// half the trigger, which still works.
    /// </summary>
    public void Cover(ReadOnlySpan<float> image, ReadOnlySpan<float> fill, Span<float> into)
    {
        image.CopyTo(into);
        int plane = Shape.Height * Shape.Width;
        foreach (int p in Region())
            for (int c = 0; c < Shape.Channels; c++)
                into[c * plane + p] = fill[c * plane + p];
    }

    /// <summary>Writes <paramref name="image"/> stamped with the trigger into <paramref name="into"/>.</summary>
    public void Stamp(ReadOnlySpan<float> image, Span<float> into) => Blend(image, Pattern, into);

    private void Blend(ReadOnlySpan<float> image, ReadOnlySpan<float> other, Span<float> into)
    {
        int plane = Shape.Height * Shape.Width;
        for (int c = 0; c < Shape.Channels; c++)
            for (int p = 0; p < plane; p++)
            {
                int i = c * plane + p;
                into[i] = (1 - Mask[p]) * image[i] + Mask[p] * other[i];
            }
    }
}
