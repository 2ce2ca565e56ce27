namespace Aegis.ModelSafety;

/// <summary>
/// Caps of the static check, all checked on the zip's central directory before anything is
/// inflated. The defaults leave wide room over real image classifiers (stated per limit) while
/// refusing archives built to exhaust memory or disk.
/// </summary>
public sealed record ModelSafetyLimits
{
    public static ModelSafetyLimits Default { get; } = new();

    /// <summary>The model file: 4 GiB. torchvision's largest classifier, ViT-H/14, is 2.5 GB.</summary>
    public long MaxModelBytes { get; init; } = 4L << 30;

    /// <summary>All entries inflated together: 4 GiB (TorchScript stores tensors uncompressed, so this equals the file size for real exports).</summary>
    public long MaxTotalInflatedBytes { get; init; } = 4L << 30;

    /// <summary>Entries: 10 000. ResNet-152 exports about 1 100 (one per tensor, two per code file).</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>One pickle (data.pkl, constants.pkl, a .debug_pkl): 64 MiB. Tensors live in data/, so data.pkl of ResNet-152 is under 200 KB.</summary>
    public long MaxPickleBytes { get; init; } = 64L << 20;

    /// <summary>One code file: 4 MiB; all code together: 32 MiB. torchvision's models print to well under 100 KB each.</summary>
    public long MaxCodeFileBytes { get; init; } = 4L << 20;

    public long MaxCodeBytes { get; init; } = 32L << 20;

    /// <summary>
    /// Inflated / compressed size of an entry above <see cref="CompressionCheckBytes"/>: 100.
    /// torch.jit.save stores entries uncompressed (ratio 1) and float weights deflate about 1.1:1;
    /// zip bombs rely on ratios near deflate's maximum of 1032.
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Entries smaller than this (64 KiB) are not ratio-checked: their size cap already bounds them.</summary>
    public long CompressionCheckBytes { get; init; } = 64L << 10;

    /// <summary>An entry name: 512 characters (real ones are under 150).</summary>
    public int MaxEntryNameLength { get; init; } = 512;

    /// <summary>A lab model's model.json: 1 MiB (real ones are about 2 KB).</summary>
    public long MaxDescriptorBytes { get; init; } = 1L << 20;

    /// <summary>Dimensions of one tensor in lab weights: 8 (convolution weights have 4).</summary>
    public int MaxTensorRank { get; init; } = 8;
}
