using System.Text.Json.Nodes;
using Aegis.Functions.Hosting;
using Aegis.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace Aegis.Functions.Tests.Hosting;

public sealed class FunctionsSettingsTests
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "src", "Aegis.Functions", "local.settings.sample.json");

    [Fact]
    public void SampleListsEverySettingTheAppReadsAndNothingElse()
    {
        var values = JsonNode.Parse(File.ReadAllText(Sample))!["Values"]!.AsObject().Select(p => p.Key).Order().ToArray();
        var expected = AegisSettings.Keys.Except(FunctionsSettings.HostOnly).Append("FUNCTIONS_WORKER_RUNTIME").Order().ToArray();
        Assert.Equal(expected, values);
    }

    [Fact]
    public void SampleSettingsLoadAndNameTheJobQueueTheWorkersTakeFrom()
    {
        var settings = FunctionsSettings.Load(Configuration(SampleValues()));
        Assert.Equal("aegis-jobs", settings.JobQueue);
        Assert.Equal("models", settings.Containers.Models);
    }

    [Fact]
    public void AppWithAnotherModelsContainerOrABadQueueNameDoesNotStart()
    {
        var values = SampleValues();
        values["Aegis__Containers__Models"] = "uploads";
        Assert.Contains("'models'", Assert.Throws<InvalidOperationException>(() => FunctionsSettings.Load(Configuration(values))).Message);
        values = SampleValues();
        values["Aegis__JobQueue"] = "Jobs!";
        Assert.Contains("Aegis__JobQueue", Assert.Throws<InvalidOperationException>(() => FunctionsSettings.Load(Configuration(values))).Message);
    }

    [Fact]
    public void ASettingHoldingAKeyVaultReferenceThePlatformDidNotResolveStopsTheApp()
    {
        // App Service hands the app the reference's text when it cannot read the secret; it must never count as the secret.
        foreach (string setting in new[] { "AzureWebJobsStorage", "Aegis__EventGrid__Key" })
        {
            var values = SampleValues();
            values[setting] = "@Microsoft.KeyVault(SecretUri=https://aegis-kv.vault.azure.net/secrets/storage/)";
            var e = Assert.Throws<InvalidOperationException>(() => FunctionsSettings.Load(Configuration(values)));
            Assert.Contains(setting, e.Message);
            Assert.Contains("did not resolve", e.Message);
        }
    }

    [Fact]
    public void ThePUTCapStaysBelowTheFunctionsRequestLimit()
    {
        Assert.True(FunctionsSettings.Load(Configuration(SampleValues())).Limits.ModelPutCap < FunctionsSettings.RequestLimitBytes);
        var values = SampleValues();
        values["Aegis__Limits__MaxModelPutBytes"] = FunctionsSettings.RequestLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("POST /api/uploads", Assert.Throws<InvalidOperationException>(() => FunctionsSettings.Load(Configuration(values))).Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder()
        .AddInMemoryCollection(values.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value))).Build();

    private static Dictionary<string, string?> SampleValues() =>
        JsonNode.Parse(File.ReadAllText(Sample))!["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
}
