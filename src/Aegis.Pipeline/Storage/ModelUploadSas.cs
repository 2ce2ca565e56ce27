using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace Aegis.Pipeline.Storage;

/// <summary>
/// Upload URLs for one model blob (<c>POST /api/uploads</c>), so large models go straight to storage
/// instead of through a Functions request (100 MB, 230 s): a SAS that may only create or write exactly
/// <c>models/&lt;name&gt;</c> — no read, list or delete, no other blob — for <c>Aegis__UploadSasMinutes</c>.
/// With identity-based storage it is a user delegation SAS, signed by a key the app's identity asks for
/// (Storage Blob Data Owner or Contributor allow that) and never granting more than that identity has;
/// with a connection string (Azurite) the account key signs it.
/// </summary>
public sealed class ModelUploadSas(ScanStorage storage)
{
    /// <summary>Clocks of this host, storage and the uploader differ a little: the URL is valid from a few minutes before now.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <param name="name">A model blob name that passed the blob-name rule.</param>
    public async Task<(Uri Url, DateTimeOffset ExpiresOn)> IssueAsync(string name, CancellationToken cancellationToken)
    {
        var blob = storage.Models.GetBlobClient(name);
        var startsOn = DateTimeOffset.UtcNow - ClockSkew;
        var expiresOn = DateTimeOffset.UtcNow + storage.Settings.UploadSasLifetime;
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = startsOn,
            // Azurite speaks http; an Azure account is always reached over https.
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
            return (blob.GenerateSasUri(sas), expiresOn);
        var service = storage.Models.GetParentBlobServiceClient();
        var key = await service.GetUserDelegationKeyAsync(new BlobGetUserDelegationKeyOptions(expiresOn) { StartsOn = startsOn }, cancellationToken);
        return (blob.GenerateUserDelegationSasUri(sas, key.Value), expiresOn);
    }
}
