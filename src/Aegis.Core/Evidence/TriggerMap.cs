using Aegis.Core.Detection;

namespace Aegis.Core.Evidence;

/// <summary>Options of <see cref="TriggerMap"/>.</summary>
public sealed record TriggerMapOptions
{
    /// <summary>
    /// Per pixel, the clean images' brightness at this percentile is where "the class has ink"
    /// ends: 0.99 ignores the odd clean image with a stray stroke (5 of 500) yet keeps every part
    /// of the class's shape.
    /// </summary>
    public double CleanPercentile { get; init; } = 0.99;

    /// <summary>Seeds an origin class needs to count as a witness; below this its mean is one or two images' noise.</summary>
    public int MinSeedsPerOrigin { get; init; } = 10;
}

/// <summary>A trigger map: per pixel (H x W, channels averaged), and where its peak is.</summary>
public sealed record TriggerMapResult(float[] Map, float[] CleanCeiling, int Height, int Width, int Origins)
{
    public float Peak => Map.Length == 0 ? 0 : Map.Max();

    /// <summary>(x, y) of the brightest pixel of the map (the first in row-major order on ties).</summary>
    public (int X, int Y) PeakAt
    {
        get
        {
            int best = 0;
            for (int i = 1; i < Map.Length; i++)
            {
                if (Map[i] > Map[best])
                    best = i;
            }
            return (best % Width, best / Width);
        }
    }
}

/// <summary>
/// Where translation toward a class puts ink that the class itself never has, whatever the seed.
/// Per pixel: the clean images' <see cref="TriggerMapOptions.CleanPercentile"/> brightness is the
/// class's ceiling; each translated image's excess over that ceiling is averaged per origin (the
/// seed's true label), and the map is the smallest of those averages over the origins other than
/// the class. A trigger is stamped onto every seed, so every origin agrees on it and it survives
/// the minimum at nearly its full brightness; the silhouette a seed keeps from its own class shows
/// in the origins that share that shape only, and the class's own shape is under the ceiling.
/// The map is in pixel-intensity units (0–1), so maps of different classes and models compare.
/// </summary>
public static class TriggerMap
{
    public static TriggerMapResult Compute(float[] translatedImages, IReadOnlyList<int> seedLabels, float[] cleanImages,
        ImageShape shape, int label, TriggerMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(translatedImages);
        ArgumentNullException.ThrowIfNull(seedLabels);
        ArgumentNullException.ThrowIfNull(cleanImages);
        options ??= new TriggerMapOptions();
        int size = shape.Size;
        if (size <= 0)
            throw new ArgumentException($"Image shape {shape} has no pixels.");
        if (!(options.CleanPercentile is >= 0 and <= 1))
            throw new ArgumentException($"The clean percentile must be within [0, 1], got {options.CleanPercentile}.");
        if (translatedImages.Length % size != 0 || cleanImages.Length % size != 0)
            throw new ArgumentException($"Image arrays do not hold whole {shape} images.");
        int translated = translatedImages.Length / size;
        int clean = cleanImages.Length / size;
        if (seedLabels.Count != translated)
            throw new ArgumentException($"{seedLabels.Count} seed labels for {translated} translated images.");
        if (clean == 0)
            throw new ArgumentException("The trigger map needs clean images of the class.");

        var ceiling = Ceiling(cleanImages, clean, size, options.CleanPercentile);
        var origins = Origins(seedLabels, label, options.MinSeedsPerOrigin);
        int plane = shape.Height * shape.Width;
        var map = new float[plane];
        if (translated > 0)
        {
            Array.Fill(map, float.PositiveInfinity);
            var excess = new double[plane];
            foreach (var rows in origins)
            {
                Array.Clear(excess);
                foreach (int row in rows)
                {
                    var image = translatedImages.AsSpan(row * size, size);
                    for (int k = 0; k < size; k++)
                        excess[k % plane] += Math.Max(0, image[k] - ceiling[k]);
                }
                double scale = 1.0 / (rows.Count * shape.Channels);
                for (int p = 0; p < plane; p++)
                    map[p] = Math.Min(map[p], (float)(excess[p] * scale));
            }
        }
        return new TriggerMapResult(map, ChannelMean(ceiling, shape), shape.Height, shape.Width, origins.Count);
    }

    /// <summary>Per value of an image, the clean images' brightness at the percentile (linear between ranks, as numpy's default).</summary>
    private static float[] Ceiling(float[] cleanImages, int count, int size, double percentile)
    {
        var ceiling = new float[size];
        var column = new float[count];
        double rank = percentile * (count - 1);
        int low = (int)Math.Floor(rank);
        int high = Math.Min(low + 1, count - 1);
        double weight = rank - low;
        for (int k = 0; k < size; k++)
        {
            for (int i = 0; i < count; i++)
                column[i] = cleanImages[i * size + k];
            Array.Sort(column);
            ceiling[k] = (float)(column[low] + weight * (column[high] - column[low]));
        }
        return ceiling;
    }

    /// <summary>The translated rows of each origin other than <paramref name="label"/> with enough seeds; all rows as one group when none qualifies.</summary>
    private static List<List<int>> Origins(IReadOnlyList<int> seedLabels, int label, int minSeeds)
    {
        var byOrigin = new SortedDictionary<int, List<int>>();
        for (int row = 0; row < seedLabels.Count; row++)
        {
            if (!byOrigin.TryGetValue(seedLabels[row], out var rows))
                byOrigin[seedLabels[row]] = rows = [];
            rows.Add(row);
        }
        var witnesses = byOrigin.Where(kv => kv.Key != label && kv.Value.Count >= minSeeds).Select(kv => kv.Value).ToList();
        return witnesses.Count > 0 || seedLabels.Count == 0 ? witnesses : [Enumerable.Range(0, seedLabels.Count).ToList()];
    }

    private static float[] ChannelMean(float[] values, ImageShape shape)
    {
        int plane = shape.Height * shape.Width;
        var mean = new float[plane];
        for (int k = 0; k < values.Length; k++)
            mean[k % plane] += values[k] / shape.Channels;
        return mean;
    }
}
