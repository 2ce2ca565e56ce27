using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Aegis.Scanning.Tests.Infrastructure;

namespace Aegis.Scanning.Tests;

public sealed class InfraTests
{
    [Fact]
    public async Task Bicep_compiles_to_an_ARM_template_with_every_part_of_the_deployment()
    {
        string package = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackageRoot").Value!;
        string bicep = Path.Combine(package, "tools", "bicep");
        Assert.True(File.Exists(bicep), $"bicep not found at {bicep}");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", Path.Combine(RepoPaths.Root, "infra", "main.bicep"), "--stdout" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        Assert.DoesNotContain("Warning", stderr);

        var types = JsonDocument.Parse(await stdout).RootElement.GetProperty("resources").EnumerateArray()
            .Select(r => r.GetProperty("type").GetString()).ToHashSet();
        foreach (var type in new[]
        {
            "Microsoft.Storage/storageAccounts/blobServices/containers", "Microsoft.Web/sites", "Microsoft.App/managedEnvironments",
            "Microsoft.App/containerApps", "Microsoft.EventGrid/systemTopics/eventSubscriptions", "Microsoft.EventGrid/topics",
            "Microsoft.Insights/components",
        })
            Assert.Contains(type, types);
    }
}
