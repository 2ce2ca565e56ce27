using System.Reflection;
using System.Text.Json.Nodes;
using Aegis.Functions.Tests.Infrastructure;

namespace Aegis.Functions.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiled and evaluated by the Bicep CLI (NuGet Azure.Bicep.CommandLine): `bicep build`
/// must pass without warnings, and `bicep snapshot` predicts the resources a deployment with the given
/// parameters would create, with names, ids and settings resolved (runtime values stay ARM expressions).
/// </summary>
internal sealed class BicepSnapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public const string ResourceGroup = "rg-aegis-test";

    private BicepSnapshot(IReadOnlyList<JsonObject> resources) => Resources = resources;

    public IReadOnlyList<JsonObject> Resources { get; }

    public static string Template => Path.Combine(RepoPaths.Root, "infra", "main.bicep");

    public static string Cli
    {
        get
        {
            string package = typeof(BicepSnapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackageRoot").Value!;
            string bicep = Path.Combine(package, "tools", "bicep");
            Assert.True(File.Exists(bicep), $"bicep not found at {bicep}");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
            return bicep;
        }
    }

    public static async Task<BicepSnapshot> PredictAsync(IReadOnlyDictionary<string, string> parameters)
    {
        var folder = Directory.CreateTempSubdirectory("aegis-bicep-");
        try
        {
            // A .bicepparam file must name its template by a relative path.
            var lines = new List<string> { $"using '{Path.GetRelativePath(folder.FullName, Template)}'" };
            lines.AddRange(parameters.Select(p => $"param {p.Key} = {p.Value}"));
            string parameterFile = Path.Combine(folder.FullName, "test.bicepparam");
            await File.WriteAllLinesAsync(parameterFile, lines);
            (await Tool.RunAsync(Cli, ["snapshot", parameterFile, "--mode", "overwrite", "--subscription-id", SubscriptionId,
                "--resource-group", ResourceGroup, "--location", "westeurope", "--tenant-id", "00000000-0000-0000-0000-0000000000b2"]))
                .EnsureSuccess("bicep snapshot");
            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "test.snapshot.json")))!;
            Assert.Empty(snapshot["diagnostics"]!.AsArray());
            return new BicepSnapshot(snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public IEnumerable<JsonObject> OfType(string type) => Resources.Where(r => (string?)r["type"] == type);

    public JsonObject Single(string type) => Assert.Single(OfType(type));

    /// <summary>The role definition GUIDs assigned on <paramref name="scope"/> to the identity whose ARM reference contains <paramref name="principal"/>.</summary>
    public IReadOnlyList<string> RolesOn(JsonObject scope, string principal) =>
        GrantsTo(principal).Where(g => g.Scope == (string)scope["id"]!).Select(g => g.Role).ToArray();

    /// <summary>Every role assignment to the identity whose ARM reference contains <paramref name="principal"/>: its scope's resource id and the role definition GUID.</summary>
    public IReadOnlyList<(string Scope, string Role)> GrantsTo(string principal) =>
        OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => ((string)a["properties"]!["principalId"]!).Contains(principal, StringComparison.Ordinal))
            .Select(a =>
            {
                string id = (string)a["id"]!;
                return (id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)],
                        ((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1]);
            })
            .ToArray();

    /// <summary>The resource of <paramref name="type"/> whose name ends with <paramref name="name"/> (child resources carry their parents' names).</summary>
    public JsonObject Named(string type, string name) =>
        Assert.Single(OfType(type), r => ((string)r["name"]!).Split('/')[^1] == name);
}
