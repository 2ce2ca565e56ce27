using Aegis.Core;
using Aegis.Core.Detection;
using Aegis.Pipeline.Storage;

namespace Aegis.Pipeline.Tests.Storage;

public sealed class FeaturesCodecTests
{
    [Fact]
    public void RoundTripKeepsEveryArrayAndTheCentroids()
    {
        var features = new ClassFeatures
        {
            Label = 7,
            Translated = new Matrix(2, 3, [1, 2, 3, 4, 5, 6]),
            Clean = new Matrix(1, 3, [7, 8, 9]),
            Shape = new ImageShape(1, 1, 2),
            TranslatedImages = [0.1f, 0.2f, 0.3f, 0.4f],
            CleanImages = [0.5f, 0.6f],
            ClassCentroids = new Matrix(2, 3, [0, 0, 0, 1, 1, 1]),
            SeedLabels = [3, 7],
            TranslationSuccess = 0.5,
        };

        var decoded = FeaturesCodec.Decode(FeaturesCodec.Encode(features));

        Assert.Equal(features.Translated.Data, decoded.Translated.Data);
        Assert.Equal(features.Clean.Data, decoded.Clean.Data);
        Assert.Equal(features.TranslatedImages, decoded.TranslatedImages);
        Assert.Equal(features.CleanImages, decoded.CleanImages);
        Assert.Equal(features.ClassCentroids.Data, decoded.ClassCentroids!.Data);
        Assert.Equal((2, 3), (decoded.ClassCentroids.Rows, decoded.ClassCentroids.Columns));
        Assert.Equal(features.SeedLabels, decoded.SeedLabels);
        Assert.Equal(0.5, decoded.TranslationSuccess);
    }

    [Fact]
    public void WithoutCentroidsDecodesToNone()
    {
        Assert.Null(FeaturesCodec.Decode(FeaturesCodec.Encode(OneByOne())).ClassCentroids);
    }

    [Fact]
    public void GarbageIsRejectedClearly()
    {
        var error = Assert.Throws<InvalidDataException>(() => FeaturesCodec.Decode("not a blob"u8));
        Assert.Contains("bad magic", error.Message);
    }

    [Fact]
    public void AnArrayLengthLargerThanTheBlobIsRejectedBeforeAllocating()
    {
        var blob = FeaturesCodec.Encode(OneByOne());
        // The translated array's length sits right after the JSON header: claim 2^31-1 floats (8 GiB).
        int at = blob.Length - 5 * 4 - 4 * 4;
        Assert.Equal(1, BitConverter.ToInt32(blob, at));
        BitConverter.TryWriteBytes(blob.AsSpan(at), int.MaxValue);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => FeaturesCodec.Decode(blob));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("declares an array of 2147483647 values", error.Message);
    }

    /// <summary>One translated and one clean row of one feature, one-pixel images, no centroids.</summary>
    private static ClassFeatures OneByOne() => new ClassFeatures
    {
        Label = 0,
        Translated = new Matrix(1, 1, [1]),
        Clean = new Matrix(1, 1, [2]),
        Shape = new ImageShape(1, 1, 1),
        TranslatedImages = [0.1f],
        CleanImages = [0.2f],
        SeedLabels = [0],
    };
}
