using Aegis.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Aegis.Pipeline.Tests.Configuration;

public sealed class AegisSettingsValidatorTests
{
    private const string GoodKey = "0123456789abcdef0123456789abcdef";

    private static Dictionary<string, string?> Values(params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" };
        foreach (var (key, value) in extra)
            values[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        return values;
    }

    private static IReadOnlyList<string> Problems(SettingsRole role, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Values(values)).Build();
        var result = new AegisSettingsValidator(role).Validate(null, AegisConfiguration.Bind(configuration));
        return result.Failed ? result.Failures.ToArray() : [];
    }

    [Fact]
    public void GeneratedKeysPass()
    {
        Assert.Empty(Problems(SettingsRole.Host, ("Aegis__ApiKeys", GoodKey)));
        Assert.Empty(Problems(SettingsRole.Host, ("Aegis__ApiKeys", $"{GoodKey},{GoodKey}x")));
    }

    [Fact]
    public void AScanPolicyThatAsksForMmBdIsRefusedWithTheReason()
    {
        var problem = Assert.Single(Problems(SettingsRole.Host, ("Aegis__ApiKeys", GoodKey), ("Aegis__Scan__Detector", "mm-bd")));
        Assert.Contains("Aegis__Scan__Detector", problem);
        Assert.Contains("local scan", problem);
    }

    [Theory]
    [InlineData("Aegis__ApiKeys", "change-me", "placeholder")]
    [InlineData("Aegis__ApiKeys", "short-secret", "at least 16")]
    [InlineData("Aegis__ApiKeys", "", "is empty")]
    public void AHostWithASampleShortOrMissingAPIKeyIsRefusedWithoutQuotingIt(string setting, string key, string reason)
    {
        var problem = Assert.Single(Problems(SettingsRole.Host, (setting, key)));
        Assert.Contains(setting, problem);
        Assert.Contains(reason, problem);
        if (key.Length > 0)
            Assert.DoesNotContain(key, problem);
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://aegis-kv.vault.azure.net/secrets/api-key/)")]
    [InlineData("@Microsoft.KeyVault(VaultName=aegis-kv;SecretName=api-key)")]
    [InlineData(" @microsoft.keyvault(SecretUri=https://aegis-kv.vault.azure.net/secrets/a-long-api-key-name-0123456789)")]
    [InlineData("@Microsoft.AppConfiguration(Endpoint=https://aegis.azconfig.io; Key=api-key)")]
    public void AnAPIKeyThatIsAKeyVaultReferenceThePlatformDidNotResolveIsRefusedHoweverLong(string reference)
    {
        // The reference text is public (it sits in the app's settings and templates): taken as a key, anyone could call the API.
        Assert.True(reference.Length > KeyRules.MinLength);
        var problems = Problems(SettingsRole.Host, ("Aegis__ApiKeys", reference));
        Assert.Contains(problems, p => p.StartsWith("Aegis__ApiKeys", StringComparison.Ordinal) && p.Contains("did not resolve", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("vault.azure.net", p));
        var second = Problems(SettingsRole.Host, ("Aegis__ApiKeys", $"{GoodKey},{reference}"));
        Assert.Contains(second, p => p.StartsWith("Aegis__ApiKeys (key 2)", StringComparison.Ordinal) && p.Contains("did not resolve", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("Aegis__EventGrid__Key")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    public void AConnectionStringOrTopicKeyThatIsAnUnresolvedReferenceStopsEveryRole(string setting)
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://aegis-kv.vault.azure.net/secrets/secret/)";
        foreach (var role in new[] { SettingsRole.Worker, SettingsRole.Functions, SettingsRole.Host })
        {
            var problems = Problems(role, (setting, reference), ("Aegis__ApiKeys", GoodKey));
            Assert.Contains(problems, p => p.StartsWith(setting, StringComparison.Ordinal) && p.Contains("did not resolve", StringComparison.Ordinal));
        }
        // A resolved value of the same setting passes.
        Assert.Empty(Problems(SettingsRole.Functions, ("Aegis__EventGrid__Key", "resolved-topic-key-0123456789abcdef=")));
    }

    [Fact]
    public void AWorkerNeedsOnlyStorage()
    {
        Assert.Empty(Problems(SettingsRole.Worker));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var result = new AegisSettingsValidator(SettingsRole.Worker).Validate(null, AegisConfiguration.Bind(configuration));
        Assert.Contains(result.Failures!, f => f.StartsWith("AzureWebJobsStorage", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Aegis__JobQueue", "Jobs_Queue")]
    [InlineData("Aegis__JobQueue", "a-queue-name-so-long-that-its-completion-queue-would-not-fit")]
    [InlineData("Aegis__WorkerId", "two words")]
    [InlineData("Aegis__HostId", "host\u0007")]
    [InlineData("Aegis__JobVisibilitySeconds", "0")]
    [InlineData("Aegis__MaxJobDequeues", "-1")]
    [InlineData("Aegis__UploadSasMinutes", "0")]
    [InlineData("Aegis__UploadSasMinutes", "1440")]
    [InlineData("Aegis__Limits__MaxModelPutBytes", "0")]
    public void QueueAndWorkerSettingsAreChecked(string setting, string value)
    {
        var problem = Assert.Single(Problems(SettingsRole.Worker, (setting, System.Text.RegularExpressions.Regex.Unescape(value))));
        Assert.StartsWith(setting, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsListedAtOnce()
    {
        var problems = Problems(SettingsRole.Host, ("Aegis__ApiKeys", "abc"), ("Aegis__JobQueue", "Q"), ("Aegis__Containers__Approved", "Models"),
            ("Aegis__Scan__Classes__0", "1"), ("Aegis__Limits__MaxRequestBytes", "0"));
        Assert.Contains(problems, p => p.StartsWith("Aegis__ApiKeys", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__JobQueue", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__Containers__Approved", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__Scan__Classes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__Limits__MaxRequestBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadThrowsWithTheFailuresForAProgramOutsideAHost()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Values(("Aegis:ApiKeys", "change-me"))).Build();
        var e = Assert.Throws<OptionsValidationException>(() => AegisConfiguration.Load(configuration, SettingsRole.Host));
        Assert.Contains(e.Failures, f => f.Contains("placeholder", StringComparison.Ordinal));
    }

    [Fact]
    public void TheScanPolicyBindsFromSettings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Values(
            ("Aegis__Scan__Seeds", "50"), ("Aegis__Scan__Robustness__Samples", "60"), ("Aegis__JobQueue", "scan-jobs"))).Build();
        var settings = AegisConfiguration.Bind(configuration);
        Assert.Equal(50, settings.Scan.Seeds);
        Assert.Equal(60, settings.Scan.Robustness.Samples);
        Assert.Equal("scan-jobs-done", settings.CompletionQueue);
    }

    [Fact]
    public void ThePUTCapIsItsOwnSettingAndNeverAboveTheModelCap()
    {
        var defaults = AegisConfiguration.Bind(new ConfigurationBuilder().AddInMemoryCollection(Values()).Build());
        Assert.Equal(64 * InputLimits.MiB, defaults.Limits.ModelPutCap);
        Assert.Equal(1024 * InputLimits.MiB, defaults.Limits.MaxModelBytes);
        var small = AegisConfiguration.Bind(new ConfigurationBuilder().AddInMemoryCollection(Values(("Aegis__Limits__MaxModelBytes", "1000"))).Build());
        Assert.Equal(1000, small.Limits.ModelPutCap);
    }
}
