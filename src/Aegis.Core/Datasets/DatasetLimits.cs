namespace Aegis.Core.Datasets;

/// <summary>
/// Caps checked against a dataset file's header and length before anything is allocated, so a
/// file that lies about its size costs an error message, not memory.
/// </summary>
public static class DatasetLimits
{
    /// <summary>
    /// Decoded bytes of one IDX file: 1 GiB. The largest IDX set in common use, EMNIST ByClass,
    /// has 697 932 training images of 28x28 = 547 MB; Fashion-MNIST's is 47 MB.
    /// </summary>
    public const long MaxIdxBytes = 1L << 30;

    /// <summary>
    /// All CIFAR-10 batches of one split together: 1 GiB. The real training split is
    /// 5 x 30 730 000 bytes = 154 MB, so this leaves room for larger binary sets of the same layout.
    /// </summary>
    public const long MaxCifarBytes = 1L << 30;

    /// <summary>
    /// Deflate cannot expand its input more than 1032 times (a 258-byte match costs at least two
    /// bits); a gzip file whose header claims more than that is lying, whatever it contains.
    /// </summary>
    public const long MaxDeflateRatio = 1032;
}
