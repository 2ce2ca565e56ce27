using System.Text.Json;
using Aegis.Core.IO;
using Aegis.Core.Verdicts;
using Aegis.Pipeline.Storage;
using Azure;
using Azure.Storage.Blobs.Models;
using Aegis.Core.Text;

namespace Aegis.Pipeline.Activities;

/// <summary>
/// Reads a model's sidecar (models/&lt;name&gt;.aegis.json) as untrusted input: its size is checked
/// from the blob's properties before it is downloaded, the download is pinned to that version,
/// and its dataset name must pass the blob-name rule. Every problem is an input error.
/// </summary>
public sealed class ManifestReader(ScanStorage storage)
{
    public const string ManifestInvalid = "manifest-invalid";

    public static string NameFor(BlobRef model) => model.Name + ScanManifest.Suffix;

    /// <returns>The sidecar, or null when the model has none.</returns>
    public async Task<ScanManifest?> ReadAsync(BlobRef model, CancellationToken cancellationToken)
    {
        string name = NameFor(model);
        var blob = storage.Container(model.Container).GetBlobClient(name);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        long limit = storage.Settings.Limits.MaxSidecarBytes;
        if (properties.ContentLength > limit)
            throw new ScanFailureException(ErrorCodes.InputTooLarge,
                $"Sidecar {model.Container}/{name} has {properties.ContentLength} bytes; at most {limit} are read (Aegis__Limits__MaxSidecarBytes).");

        BinaryData content;
        try
        {
            content = (await blob.DownloadContentAsync(new BlobDownloadOptions
            {
                Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
            }, cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            throw new RequestFailedException(e.Status, $"Sidecar {model.Container}/{name} changed while it was read; reading it again.", e);
        }

        ScanManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ScanManifest>(content.ToMemory().Span, PipelineJson.Options);
        }
        catch (JsonException e)
        {
            throw new ScanFailureException(ManifestInvalid, $"Sidecar {model.Container}/{name} is not a valid scan manifest: {e.Message}", e);
        }
        if (manifest?.Dataset is { } dataset && BlobNameValidator.Problem(dataset) is { } problem)
            throw new ScanFailureException(ErrorCodes.DatasetInvalid, $"Sidecar {model.Container}/{name} names dataset '{UntrustedText.Quote(dataset)}', which is not a dataset name: {problem}.");
        return manifest;
    }
}
