using Aegis.Pipeline.Configuration;

namespace Aegis.Pipeline.Tests.Configuration;

public sealed class StorageConnectionTests
{
    [Fact]
    public void A_connection_string_wins_and_is_used_as_given()
    {
        var connection = StorageConnection.FromValues(Values(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage__accountName", "ignored")));
        Assert.False(connection.IsIdentityBased);
        Assert.Equal("devstoreaccount1", connection.CreateBlobServiceClient().AccountName);
    }

    [Fact]
    public void An_account_name_alone_is_an_identity_based_connection_to_its_blob_endpoint()
    {
        var connection = StorageConnection.FromValues(Values(("AzureWebJobsStorage__accountName", "aegisabc")));
        Assert.True(connection.IsIdentityBased);
        Assert.Null(connection.ConnectionString);
        Assert.Equal(new Uri("https://aegisabc.blob.core.windows.net/"), connection.CreateBlobServiceClient().Uri);
    }

    [Fact]
    public void A_blob_service_uri_must_be_https()
    {
        var connection = StorageConnection.FromValues(Values(("AzureWebJobsStorage__blobServiceUri", "https://aegisabc.blob.core.usgovcloudapi.net")));
        Assert.Equal("aegisabc.blob.core.usgovcloudapi.net", connection.CreateBlobServiceClient().Uri.Host);
        var e = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromValues(Values(("AzureWebJobsStorage__blobServiceUri", "http://aegisabc"))));
        Assert.Contains("https", e.Message);
    }

    [Fact]
    public void No_connection_at_all_names_both_ways_to_give_one()
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
