using Aegis.Pipeline.Configuration;

namespace Aegis.Pipeline.Tests.Configuration;

public sealed class StorageConnectionTests
{
    [Fact]
    public void AConnectionStringWinsAndIsUsedAsGiven()
    {
        var connection = StorageConnection.FromValues(Values(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage__accountName", "ignored")));
        Assert.False(connection.IsIdentityBased);
        Assert.Equal("devstoreaccount1", connection.CreateBlobServiceClient().AccountName);
    }

    [Fact]
    public void AnAccountNameAloneIsAnIdentityBasedConnectionToItsBlobEndpoint()
    {
        var connection = StorageConnection.FromValues(Values(("AzureWebJobsStorage__accountName", "aegisabc")));
        Assert.True(connection.IsIdentityBased);
        Assert.Null(connection.ConnectionString);
        Assert.Equal(new Uri("https://aegisabc.blob.core.windows.net/"), connection.CreateBlobServiceClient().Uri);
    }

    [Fact]
    public void ABlobServiceUriMustBeHttps()
    {
        var connection = StorageConnection.FromValues(Values(("AzureWebJobsStorage__blobServiceUri", "https://aegisabc.blob.core.usgovcloudapi.net")));
        Assert.Equal("aegisabc.blob.core.usgovcloudapi.net", connection.CreateBlobServiceClient().Uri.Host);
        var e = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromValues(Values(("AzureWebJobsStorage__blobServiceUri", "http://aegisabc"))));
        Assert.Contains("https", e.Message);
    }

    [Fact]
    public void NoConnectionAtAllNamesBothWaysToGiveOne()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromValues(Values()));
        Assert.Contains("AzureWebJobsStorage", e.Message);
        Assert.Contains("AzureWebJobsStorage__accountName", e.Message);
        // Read with the other settings, the missing account is one of the problems listed at start.
        var settings = AegisConfiguration.FromValues([]);
        Assert.False(settings.Storage.IsConfigured);
        var problems = new AegisSettingsValidator(SettingsRole.StorageClient).Validate(null, settings).Failures;
        Assert.Contains(problems!, p => p.Contains("AzureWebJobsStorage__accountName", StringComparison.Ordinal));
    }

    private static Func<string, string?> Values(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
