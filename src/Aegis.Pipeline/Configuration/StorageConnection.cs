using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Aegis.Pipeline.Configuration;

/// <summary>
/// The storage account, configured as Azure Functions configures a connection named
/// <c>AzureWebJobsStorage</c>: a connection string (Azurite, or an account with shared keys), or
/// identity-based without any key: <c>AzureWebJobsStorage__accountName</c> or
/// <c>AzureWebJobsStorage__blobServiceUri</c>, authenticated as the app's managed identity
/// (<c>AzureWebJobsStorage__clientId</c> or AZURE_CLIENT_ID picks a user-assigned one).
/// </summary>
public sealed record StorageConnection
{
    public const string Name = AegisSettings.StorageKey;

    /// <summary>The settings that can name the account, for error messages and samples.</summary>
    public static readonly IReadOnlyList<string> Keys = [Name, $"{Name}__accountName", $"{Name}__blobServiceUri", $"{Name}__queueServiceUri", $"{Name}__clientId"];

    public string? ConnectionString { get; private init; }
    public Uri? BlobServiceUri { get; private init; }
    /// <summary>The account's queue endpoint (the job and completion queues), for an identity-based connection.</summary>
    public Uri? QueueServiceUri { get; private init; }
    public string? ClientId { get; private init; }

    public bool IsIdentityBased => ConnectionString is null;

    /// <summary>False for the empty connection <see cref="TryFromValues"/> gives when no setting names an account.</summary>
    public bool IsConfigured => ConnectionString is not null || BlobServiceUri is not null;

    /// <summary>
    /// As <see cref="FromValues"/>, but settings that name no usable account give an unconfigured
    /// connection instead of throwing, so the settings check can list it with every other problem.
    /// </summary>
    public static StorageConnection TryFromValues(Func<string, string?> get)
    {
        try
        {
            return FromValues(get);
        }
        catch (InvalidOperationException)
        {
            return new StorageConnection();
        }
    }

    public static StorageConnection FromConnectionString(string connectionString) =>
        new() { ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? throw new ArgumentException("Empty connection string.", nameof(connectionString)) : connectionString };

    public static StorageConnection FromValues(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        string? Value(string key) => string.IsNullOrWhiteSpace(get(key)) ? null : get(key)!.Trim();
        if (Value(Name) is { } connectionString)
            return FromConnectionString(connectionString);
        var blobs = Value($"{Name}__blobServiceUri") is { } uri
            ? Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps
                ? parsed
                : throw new InvalidOperationException($"Setting {Name}__blobServiceUri: '{uri}' is not an https URL.")
            : Value($"{Name}__accountName") is { } account
                ? new Uri($"https://{account}.blob.core.windows.net")
                : throw new InvalidOperationException(
                    $"Setting {Name} is missing: set it to a storage connection string (\"UseDevelopmentStorage=true\" or Azurite's for local work), " +
                    $"or {Name}__accountName for an identity-based connection.");
        var queues = Value($"{Name}__queueServiceUri") is { } queueUri
            ? Uri.TryCreate(queueUri, UriKind.Absolute, out var parsedQueues) && parsedQueues.Scheme == Uri.UriSchemeHttps
                ? parsedQueues
                : throw new InvalidOperationException($"Setting {Name}__queueServiceUri: '{queueUri}' is not an https URL.")
            : new UriBuilder(blobs) { Host = blobs.Host.Replace(".blob.", ".queue.", StringComparison.Ordinal) }.Uri;
        return new StorageConnection { BlobServiceUri = blobs, QueueServiceUri = queues, ClientId = Value($"{Name}__clientId") };
    }

    public BlobServiceClient CreateBlobServiceClient() =>
        ConnectionString is { } connectionString ? new BlobServiceClient(connectionString) : new BlobServiceClient(BlobServiceUri, Credential());

    /// <summary>Queues as the pipeline uses them: Base64 messages, as the Functions queue trigger reads them.</summary>
    public QueueServiceClient CreateQueueServiceClient()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return ConnectionString is { } connectionString
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(QueueServiceUri ?? throw new InvalidOperationException($"Setting {Name}__queueServiceUri is missing."), Credential(), options);
    }

    /// <summary>The managed identity (or a developer's az login) that an identity-based connection authenticates as.</summary>
    public TokenCredential Credential() => ClientId is { } clientId
        ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
        : new DefaultAzureCredential(); // reads AZURE_CLIENT_ID itself
}
