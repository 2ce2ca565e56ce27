using System.Text.Json.Nodes;
using Aegis.Functions.Hosting;
using Aegis.Functions.Tests.Infrastructure;
using Aegis.Scanning.Configuration;

namespace Aegis.Functions.Tests.Hosting;

public sealed class FunctionsSettingsTests
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "src", "Aegis.Functions", "local.settings.sample.json");

    [Fact]
    public void Sample_lists_every_setting_the_app_reads_and_nothing_else()
    {
        var values = JsonNode.Parse(File.ReadAllText(Sample))!["Values"]!.AsObject().Select(p => p.Key).Order().ToArray();
        var expected = AegisSettings.Keys.Except(FunctionsSettings.HostOnly).Append("FUNCTIONS_WORKER_RUNTIME").Order().ToArray();
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Sample_settings_load()
    {
        var values = SampleValues();
        var settings = FunctionsSettings.Load(values.GetValueOrDefault);
        Assert.NotEmpty(settings.Workers);
        Assert.Equal("models", settings.Containers.Models);
    }

    [Fact]
    public void App_without_workers_or_with_another_models_container_does_not_start()
    {
        var values = SampleValues();
        values["Aegis__Workers"] = "";
        Assert.Contains("Aegis__Workers", Assert.Throws<InvalidOperationException>(() => FunctionsSettings.Load(values.GetValueOrDefault)).Message);
        values = SampleValues();
        values["Aegis__Containers__Models"] = "uploads";
        Assert.Contains("'models'", Assert.Throws<InvalidOperationException>(() => FunctionsSettings.Load(values.GetValueOrDefault)).Message);
    }

    private static Dictionary<string, string?> SampleValues() =>
        JsonNode.Parse(File.ReadAllText(Sample))!["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value);
}
