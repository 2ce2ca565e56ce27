using Aegis.Core;
using Aegis.Core.Detection;

namespace Aegis.Reporting.Tests;

/// <summary>
/// A class whose translated images split into a trigger cluster (1: a bright 4x4 square in the
/// bottom-right corner on a flat background) and a clean-looking cluster (0) shared with every
/// clean image; the embedding puts the two clusters far apart.
/// </summary>
internal static class SyntheticClass
{
    public const float Background = 0.2f;
    public const int Trigger = 4;

    public static (ClassFeatures Features, ClassAnalysis Analysis) Create(
        ImageShape shape, int translated = 40, int clean = 30, int triggered = 24, int label = 7)
    {
        var translatedImages = Filled(translated, shape);
        for (int i = 0; i < triggered; i++)
            StampTrigger(translatedImages, shape, i);
        var cleanImages = Filled(clean, shape);

        var clusters = new int[translated + clean];
        for (int i = 0; i < triggered; i++)
            clusters[i] = 1;

        var random = new Random(1);
        var embedding = new double[2 * clusters.Length];
        for (int row = 0; row < clusters.Length; row++)
        {
            double centre = clusters[row] == 1 ? 20 : 0;
            embedding[2 * row] = centre + random.NextDouble() * 3;
            embedding[2 * row + 1] = centre + random.NextDouble() * 3;
        }

        var features = new ClassFeatures
        {
            Label = label,
            Translated = new Matrix(translated, 2),
            Clean = new Matrix(clean, 2),
            Shape = shape,
            TranslatedImages = translatedImages,
            CleanImages = cleanImages,
            SeedLabels = Enumerable.Range(0, translated).Select(i => i % 3).ToArray(),
        };
        var analysis = new ClassAnalysis
        {
            Label = label,
            TranslatedCount = translated,
            CleanCount = clean,
            Embedding = embedding,
            ClusterLabels = clusters,
            ClusterCount = 2,
            Bandwidth = 4.2,
            Shift = 3.5,
        };
        return (features, analysis);
    }

    /// <summary>Whether pixel (x, y) lies in the trigger square.</summary>
    public static bool InTrigger(ImageShape shape, int x, int y) =>
        x >= shape.Width - Trigger && y >= shape.Height - Trigger;

    private static float[] Filled(int count, ImageShape shape)
    {
        var images = new float[count * shape.Size];
        Array.Fill(images, Background);
        return images;
    }

    private static void StampTrigger(float[] images, ImageShape shape, int index)
    {
        for (int c = 0; c < shape.Channels; c++)
            for (int y = shape.Height - Trigger; y < shape.Height; y++)
                for (int x = shape.Width - Trigger; x < shape.Width; x++)
                    images[index * shape.Size + (c * shape.Height + y) * shape.Width + x] = 1f;
    }
}
