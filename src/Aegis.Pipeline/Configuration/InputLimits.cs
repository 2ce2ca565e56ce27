namespace Aegis.Pipeline.Configuration;

/// <summary>
/// Size caps on what arrives from outside (<c>Aegis__Limits__*</c>), checked before anything is
/// read past them: request bodies through a counting stream (413), blobs from their properties
/// before they are downloaded (an <c>input-too-large</c> error verdict). The defaults sit well above
/// what an image classifier and its dataset need: a ResNet-50 is 100 MB, CIFAR-10 170 MB.
/// </summary>
public sealed record InputLimits
{
    public const long MiB = 1024 * 1024;

    /// <summary>A model blob, however it was uploaded (checked by the worker before it downloads one).</summary>
    public long MaxModelBytes { get; set; } = 1024 * MiB;
    /// <summary>
    /// The body of <c>PUT /api/models/{name}</c>, for small models: a Functions HTTP request stops at
    /// 100 MB and 230 seconds, so larger models go straight to storage through <c>POST /api/uploads</c>.
    /// </summary>
    public long MaxModelPutBytes { get; set; } = 64 * MiB;
    /// <summary>A sidecar <c>*.aegis.json</c>: a dataset name and a few parameters.</summary>
    public long MaxSidecarBytes { get; set; } = 64 * 1024;
    /// <summary>All the files of one dataset folder together.</summary>
    public long MaxDatasetBytes { get; set; } = 4096 * MiB;
    /// <summary>Files in one dataset folder (IDX needs 4, CIFAR-10 6).</summary>
    public int MaxDatasetFiles { get; set; } = 64;
    /// <summary>A JSON request body: a scan request, an Event Grid delivery (Event Grid sends at most 1 MB), a worker job.</summary>
    public long MaxRequestBytes { get; set; } = 1 * MiB;

    /// <summary>What <c>PUT /api/models/{name}</c> accepts: never more than a model blob may have.</summary>
    public long ModelPutCap => Math.Min(MaxModelPutBytes, MaxModelBytes);
}
