using System.Buffers.Binary;
using Aegis.Core.Detection;
using Aegis.Core.Verdicts;
using SkiaSharp;

namespace Aegis.Scanner.Tracing;

/// <summary>
/// A folder of new samples for `aegis trace --samples`: one subfolder per label (<c>7/cat-0001.png</c>),
/// PNG files of exactly the model's input size. They are decoded here (grayscale for a one-channel
/// model, RGB for three) and written as a training split the sandbox reads like any dataset: IDX for
/// grayscale, a CIFAR-10 batch for 3x32x32. A sample's name in the suspects is <c>label/file</c>.
/// </summary>
public sealed class SampleFolder
{
    public const int MaxSamples = 100_000;
    public const long MaxFileBytes = 8L << 20;

    private SampleFolder(IReadOnlyList<string> names) => Names = names;

    /// <summary>The samples' names in row order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Decodes every sample under <paramref name="folder"/> and writes them as a dataset into <paramref name="output"/>, with
    /// <paramref name="testSource"/>'s test split beside them (the other classes' images the trace stamps the trigger on).
    /// </summary>
    public static SampleFolder Convert(string folder, ImageShape shape, int classCount, string output, string testSource)
    {
        if (!Directory.Exists(folder))
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{folder}: samples folder not found.");
        if (shape.Channels == 3 && (shape.Height, shape.Width) != (32, 32) || shape.Channels is not (1 or 3))
            throw new ScanFailureException(ErrorCodes.DatasetMismatch, $"Samples can be traced for 1-channel models and 3x32x32 models; this model takes {shape} images.");
        var files = new List<(int Label, string Path)>();
        foreach (var directory in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            string labelName = Path.GetFileName(directory);
            if (!int.TryParse(labelName, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int label) || label >= classCount)
                throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{directory}: sample subfolders are named by label, 0..{classCount - 1}.");
            files.AddRange(Directory.GetFiles(directory, "*.png").Order(StringComparer.Ordinal).Select(f => (label, f)));
            if (files.Count > MaxSamples)
                throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{folder}: more than {MaxSamples} samples.");
        }
        if (files.Count == 0)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{folder}: no samples (expected PNG files in subfolders named by label, e.g. 7/sample.png).");

        var pixels = new byte[(long)files.Count * shape.Size];
        for (int i = 0; i < files.Count; i++)
            Decode(files[i].Path, shape, pixels.AsSpan(i * shape.Size, shape.Size));
        Directory.CreateDirectory(output);
        var labels = files.Select(f => (byte)f.Label).ToArray();
        if (shape.Channels == 1)
            WriteIdx(output, pixels, labels, shape);
        else
            WriteCifar(output, pixels, labels, shape);
        Aegis.Core.Datasets.TestSplitCopy.Copy(testSource, output);
        return new SampleFolder(files.Select(f => $"{f.Label}/{Path.GetFileName(f.Path)}").ToArray());
    }

    private static void Decode(string path, ImageShape shape, Span<byte> into)
    {
        if (new FileInfo(path).Length > MaxFileBytes)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{path}: larger than {MaxFileBytes >> 20} MB, not a sample image.");
        using var codec = SKCodec.Create(path) ?? throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{path}: not a readable PNG.");
        if (codec.EncodedFormat != SKEncodedImageFormat.Png)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{path}: not a PNG.");
        if (codec.Info.Width != shape.Width || codec.Info.Height != shape.Height)
            throw new ScanFailureException(ErrorCodes.DatasetMismatch, $"{path}: {codec.Info.Width}x{codec.Info.Height} pixels, but the model takes {shape.Width}x{shape.Height} images.");
        var info = new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = SKBitmap.Decode(codec, info) ?? throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"{path}: the PNG could not be decoded.");
        var rgba = bitmap.GetPixelSpan();
        int plane = shape.Height * shape.Width;
        for (int p = 0; p < plane; p++)
        {
            byte r = rgba[4 * p], g = rgba[4 * p + 1], b = rgba[4 * p + 2];
            if (shape.Channels == 1)
                into[p] = (byte)Math.Round(0.299 * r + 0.587 * g + 0.114 * b);
            else
            {
                into[p] = r;
                into[plane + p] = g;
                into[2 * plane + p] = b;
            }
        }
    }

    private static void WriteIdx(string output, byte[] pixels, byte[] labels, ImageShape shape)
    {
        using (var images = File.Create(Path.Combine(output, "train-images-idx3-ubyte")))
        {
            images.Write(IdxHeader(3, labels.Length, shape.Height, shape.Width));
            images.Write(pixels);
        }
        using var labelFile = File.Create(Path.Combine(output, "train-labels-idx1-ubyte"));
        labelFile.Write(IdxHeader(1, labels.Length));
        labelFile.Write(labels);
    }

    private static byte[] IdxHeader(int rank, params int[] dimensions)
    {
        var header = new byte[4 + 4 * rank];
        header[2] = 0x08;
        header[3] = (byte)rank;
        for (int i = 0; i < rank; i++)
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
        return header;
    }

    private static void WriteCifar(string output, byte[] pixels, byte[] labels, ImageShape shape)
    {
        using var batch = File.Create(Path.Combine(output, "data_batch_1.bin"));
        for (int i = 0; i < labels.Length; i++)
        {
            batch.WriteByte(labels[i]);
            batch.Write(pixels, i * shape.Size, shape.Size);
        }
    }
}
