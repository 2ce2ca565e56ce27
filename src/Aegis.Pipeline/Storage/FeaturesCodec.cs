using System.Text;
using Aegis.Core;
using Aegis.Core.Detection;

namespace Aegis.Pipeline.Storage;

/// <summary>
/// The features blob: "AEGF", a version, a length-prefixed JSON header (label, counts, shape,
/// seed labels, timings), then little-endian float32 arrays: translated features, clean
/// features, translated images, clean images, clean centroids of every class (may be empty).
/// </summary>
public static class FeaturesCodec
{
    private const int Version = 2;
    private static readonly byte[] Magic = "AEGF"u8.ToArray();

    private sealed record Header(int Label, int Translated, int Clean, int Dimension, ImageShape Shape, int[] SeedLabels,
        double TranslationSuccess, double TranslationSeconds, double FeatureSeconds, int Centroids);

    public static byte[] Encode(ClassFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var header = new Header(features.Label, features.Translated.Rows, features.Clean.Rows, features.Translated.Columns, features.Shape,
            features.SeedLabels, features.TranslationSuccess, features.TranslationSeconds, features.FeatureSeconds, features.ClassCentroids?.Rows ?? 0);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(PipelineJson.Serialize(header));
            foreach (var array in new[] { features.Translated.Data, features.Clean.Data, features.TranslatedImages, features.CleanImages, features.ClassCentroids?.Data ?? [] })
            {
                writer.Write(array.Length);
                foreach (var value in array)
                    writer.Write(value);
            }
        }
        return stream.ToArray();
    }

    public static ClassFeatures Decode(ReadOnlySpan<byte> bytes) => Decode(new MemoryStream(bytes.ToArray()));

    public static ClassFeatures Decode(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException("Not an Aegis features blob (bad magic).");
        int version = reader.ReadInt32();
        if (version != Version)
            throw new InvalidDataException($"Features blob version {version} is not supported (expected {Version}).");
        var header = PipelineJson.Deserialize<Header>(reader.ReadString());
        float[] Next()
        {
            // The count comes from the blob: checked against what the blob holds before allocating.
            int count = reader.ReadInt32();
            long remaining = stream.CanSeek ? (stream.Length - stream.Position) / sizeof(float) : int.MaxValue;
            if (count < 0 || count > remaining)
                throw new InvalidDataException($"Features blob declares an array of {count} values but holds at most {remaining} more.");
            var values = new float[count];
            for (int i = 0; i < values.Length; i++)
                values[i] = reader.ReadSingle();
            return values;
        }
        var translated = Next();
        var clean = Next();
        var translatedImages = Next();
        var cleanImages = Next();
        var centroids = Next();
        return new ClassFeatures
        {
            Label = header.Label,
            Translated = new Matrix(header.Translated, header.Dimension, translated),
            Clean = new Matrix(header.Clean, header.Dimension, clean),
            TranslatedImages = translatedImages,
            CleanImages = cleanImages,
            ClassCentroids = header.Centroids > 0 ? new Matrix(header.Centroids, header.Dimension, centroids) : null,
            Shape = header.Shape,
            SeedLabels = header.SeedLabels,
            TranslationSuccess = header.TranslationSuccess,
            TranslationSeconds = header.TranslationSeconds,
            FeatureSeconds = header.FeatureSeconds,
        };
    }
}
