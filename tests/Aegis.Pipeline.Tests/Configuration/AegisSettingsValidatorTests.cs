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
    public void Generated_keys_pass()
    {
        Assert.Empty(Problems(SettingsRole.Host, ("Aegis__ApiKeys", GoodKey)));
        Assert.Empty(Problems(SettingsRole.Worker, ("Aegis__WorkerKey", GoodKey)));
        Assert.Empty(Problems(SettingsRole.Host, ("Aegis__ApiKeys", $"{GoodKey},{GoodKey}x"), ("Aegis__Workers", "http://10.0.0.4:8080"), ("Aegis__WorkerKey", GoodKey)));
    }

    [Theory]
    [InlineData("Aegis__ApiKeys", "change-me", "placeholder")]
    [InlineData("Aegis__ApiKeys", "short-secret", "at least 16")]
    [InlineData("Aegis__ApiKeys", "", "is empty")]
    public void A_host_with_a_sample_short_or_missing_API_key_is_refused_without_quoting_it(string setting, string key, string reason)
    {
        var problem = Assert.Single(Problems(SettingsRole.Host, (setting, key)));
        Assert.Contains(setting, problem);
        Assert.Contains(reason, problem);
        if (key.Length > 0)
            Assert.DoesNotContain(key, problem);
    }

    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("change-me-too", "placeholder")]
    [InlineData("0123456789", "at least 16")]
    public void A_worker_or_a_host_with_workers_needs_a_strong_worker_key(string? key, string reason)
    {
        var worker = key is null ? Problems(SettingsRole.Worker) : Problems(SettingsRole.Worker, ("Aegis__WorkerKey", key));
        Assert.Contains("Aegis__WorkerKey", Assert.Single(worker));
        Assert.Contains(reason, worker[0]);

        var hostValues = new List<(string, string)> { ("Aegis__ApiKeys", GoodKey), ("Aegis__Workers", "http://10.0.0.4:8080") };
        if (key is not null)
            hostValues.Add(("Aegis__WorkerKey", key));
        var host = Problems(SettingsRole.Host, [.. hostValues]);
        Assert.Contains(reason, Assert.Single(host));
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var problems = Problems(SettingsRole.Host, ("Aegis__ApiKeys", "abc"), ("Aegis__Workers", "ftp://x"), ("Aegis__Containers__Approved", "Models"),
            ("Aegis__Scan__Classes__0", "1"), ("Aegis__Limits__MaxRequestBytes", "0"));
        Assert.Contains(problems, p => p.StartsWith("Aegis__ApiKeys", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__Workers", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__WorkerKey", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__Containers__Approved", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__Scan__Classes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Aegis__Limits__MaxRequestBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_throws_with_the_failures_for_a_program_outside_a_host()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Values(("Aegis:ApiKeys", "change-me"))).Build();
        var e = Assert.Throws<OptionsValidationException>(() => AegisConfiguration.Load(configuration, SettingsRole.Host));
        Assert.Contains(e.Failures, f => f.Contains("placeholder", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scan_policy_binds_from_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Values(
            ("Aegis__Scan__Seeds", "50"), ("Aegis__Scan__Robustness__Samples", "60"), ("Aegis__Workers", "http://a:1/,http://b:2/"))).Build();
        var settings = AegisConfiguration.Bind(configuration);
        Assert.Equal(50, settings.Scan.Seeds);
        Assert.Equal(60, settings.Scan.Robustness.Samples);
        Assert.Equal(2, settings.Workers.Count);
    }
}
